import { mulberry32 } from '../../../src/core/sim/prng';

/** One kline as Binance serves it, numbers already parsed. */
export interface FakeKline {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  closeTime: number;
  quoteVolume: number;
  count: number;
  takerBuyVolume: number;
  takerBuyQuoteVolume: number;
}

function hash(symbol: string): number {
  let h = 2166136261;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The fake exchange's kline of `symbol` for the interval opened at `openTime`: a pure
 * function of its arguments, so any page of any request agrees with any other, and a test
 * can compute what must have been stored. Every 13th interval has no trade (zero volume).
 */
export function fakeKline(symbol: string, intervalMs: number, openTime: number): FakeKline {
  const slot = Math.floor(openTime / intervalMs);
  const rnd = mulberry32((hash(symbol) ^ Math.imul(slot, 2654435761)) >>> 0);
  const base = 10 + (hash(symbol) % 1000);
  // Smooth in time so closes look like prices: a slow sine plus a little noise.
  const mid = base * (1 + 0.02 * Math.sin(slot / 50) + 0.002 * (rnd() - 0.5));
  const round = (v: number): number => Number(v.toFixed(4));
  const closeTime = openTime + intervalMs - 1;
  if (slot % 13 === 0) {
    const p = round(mid);
    return {
      openTime,
      open: p,
      high: p,
      low: p,
      close: p,
      volume: 0,
      closeTime,
      quoteVolume: 0,
      count: 0,
      takerBuyVolume: 0,
      takerBuyQuoteVolume: 0,
    };
  }
  const open = round(mid * (1 + 0.001 * (rnd() - 0.5)));
  const close = round(mid * (1 + 0.001 * (rnd() - 0.5)));
  const high = round(Math.max(open, close) * (1 + 0.001 * rnd()));
  const low = round(Math.min(open, close) * (1 - 0.001 * rnd()));
  const volume = round(1 + 100 * rnd());
  const takerBuyVolume = round(volume * rnd());
  const vwap = (open + close + high + low) / 4;
  return {
    openTime,
    open,
    high,
    low,
    close,
    volume,
    closeTime,
    quoteVolume: round(volume * vwap),
    count: 1 + Math.floor(500 * rnd()),
    takerBuyVolume,
    takerBuyQuoteVolume: round(takerBuyVolume * vwap),
  };
}

/** The twelve fields of a data.binance.vision klines CSV line. */
export function klineCsvFields(k: FakeKline): string[] {
  return [
    k.openTime,
    k.open,
    k.high,
    k.low,
    k.close,
    k.volume,
    k.closeTime,
    k.quoteVolume,
    k.count,
    k.takerBuyVolume,
    k.takerBuyQuoteVolume,
    0,
  ].map(String);
}

/** A row of GET /fapi/v1/klines: times and count as numbers, decimals as strings. */
export function klineRestRow(k: FakeKline): unknown[] {
  return [
    k.openTime,
    String(k.open),
    String(k.high),
    String(k.low),
    String(k.close),
    String(k.volume),
    k.closeTime,
    String(k.quoteVolume),
    k.count,
    String(k.takerBuyVolume),
    String(k.takerBuyQuoteVolume),
    '0',
  ];
}

const INTERVAL_MS: Record<string, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
};

/** Request weight of GET /fapi/v1/klines by limit, as Binance documents it. */
export function klinesWeight(limit: number): number {
  return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
}

/**
 * GET /fapi/v1/klines of the fake exchange: klines of known symbols from startTime (or the
 * latest `limit`), up to and including the one forming at `serverTime`, as Binance pages them.
 */
export function klinesAnswer(
  url: URL,
  serverTime: number,
  known: (symbol: string) => boolean,
): { status: number; body: unknown; weight: number } {
  const symbol = url.searchParams.get('symbol') ?? '';
  const intervalMs = INTERVAL_MS[url.searchParams.get('interval') ?? ''];
  const limit = Number(url.searchParams.get('limit') ?? 500);
  if (!known(symbol)) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' }, weight: 1 };
  if (!intervalMs) return { status: 400, body: { code: -1120, msg: 'Invalid interval.' }, weight: 1 };
  if (!Number.isInteger(limit) || limit < 1 || limit > 1500)
    return { status: 400, body: { code: -1130, msg: 'limit must be 1..1500' }, weight: 1 };
  const last = Math.floor(serverTime / intervalMs) * intervalMs;
  const start = url.searchParams.get('startTime');
  const first = start !== null ? Math.ceil(Number(start) / intervalMs) * intervalMs : last - (limit - 1) * intervalMs;
  const endTime = url.searchParams.get('endTime');
  const stop = Math.min(last, endTime !== null ? Number(endTime) : Infinity);
  const rows: unknown[] = [];
  for (let t = first; t <= stop && rows.length < limit; t += intervalMs)
    rows.push(klineRestRow(fakeKline(symbol, intervalMs, t)));
  return { status: 200, body: rows, weight: klinesWeight(limit) };
}
