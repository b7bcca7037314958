import type { IncomingMessage } from 'node:http';

/** A funding row as GET /fapi/v1/fundingRate returns it. */
export interface FakeFundingRow {
  symbol: string;
  fundingTime: number;
  fundingRate: string;
  markPrice: string;
}

export interface FakeFundingOptions {
  /** Rows per symbol (any order); a symbol not here answers 400 Invalid symbol. */
  readonly fundingRates?: Record<string, readonly FakeFundingRow[]>;
  /** Answer the first /fapi/v1/fundingRate request with 429 (Retry-After: retryAfterSec). */
  readonly funding429Once?: boolean;
  readonly retryAfterSec?: number;
}

type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

/**
 * GET /fapi/v1/fundingRate as Binance answers it: rows with startTime ≤ fundingTime ≤
 * endTime, ascending, the first `limit` (default 100, at most 1000) of them.
 */
export function fundingRoute(opts: FakeFundingOptions): (url: URL, req: IncomingMessage, reply: Reply) => boolean {
  let calls = 0;
  return (url, _req, reply) => {
    if (url.pathname !== '/fapi/v1/fundingRate') return false;
    calls++;
    if (calls === 1 && opts.funding429Once) {
      reply(429, { code: -1003, msg: 'Too many requests' }, { 'retry-after': String(opts.retryAfterSec ?? 0) });
      return true;
    }
    const symbol = url.searchParams.get('symbol') ?? '';
    const rows = opts.fundingRates?.[symbol];
    if (!rows) {
      reply(400, { code: -1121, msg: 'Invalid symbol.' });
      return true;
    }
    const limit = Number(url.searchParams.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      reply(400, { code: -1130, msg: 'limit must be 1..1000' });
      return true;
    }
    const from = Number(url.searchParams.get('startTime') ?? 0);
    const to = Number(url.searchParams.get('endTime') ?? Number.MAX_SAFE_INTEGER);
    reply(
      200,
      [...rows]
        .sort((a, b) => a.fundingTime - b.fundingTime)
        .filter((r) => r.fundingTime >= from && r.fundingTime <= to)
        .slice(0, limit),
    );
    return true;
  };
}
