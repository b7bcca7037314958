import { parseRestFundingRow, type FundingRate } from '../../core/binance/parseFunding';
import type { FundingRateStore } from '../store/fundingRates';
import type { RestClient } from './restClient';

/** Binance returns at most this many rows per call. */
export const FUNDING_PAGE_LIMIT = 1000;

export interface FundingFetchOptions {
  /** Paces itself by X-MBX-USED-WEIGHT-1M and honours 429/418 with Retry-After. */
  readonly rest: RestClient;
  readonly store: FundingRateStore;
  readonly symbols: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly limit?: number;
  readonly isStopped?: () => boolean;
  /** After each page is stored. */
  readonly onPage?: (p: { symbol: string; rows: number; reachedMs: number }) => void;
}

export interface FundingFetchReport {
  symbol: string;
  /** Where this run started: after the newest rate already stored in the range, if any. */
  startMs: number;
  resumed: boolean;
  requests: number;
  fetched: number;
  inserted: number;
  alreadyPresent: number;
  rejected: number;
  /** The first reject reason, to name in the one-line summary. */
  firstReject: string | null;
}

/**
 * Funding-rate history over REST (GET /fapi/v1/fundingRate, ascending, ≤ 1000 rows a call),
 * page by page from the newest rate already stored in [from, to] (so an interrupted run
 * resumes where it stopped), each page stored as it arrives.
 */
export async function fetchFundingRates(opts: FundingFetchOptions): Promise<FundingFetchReport[]> {
  const limit = opts.limit ?? FUNDING_PAGE_LIMIT;
  const reports: FundingFetchReport[] = [];
  for (const symbol of opts.symbols) {
    const latest = opts.store.latest(symbol, opts.fromMs, opts.toMs + 1);
    const startMs = latest === null ? opts.fromMs : latest + 1;
    const report: FundingFetchReport = {
      symbol,
      startMs,
      resumed: latest !== null,
      requests: 0,
      fetched: 0,
      inserted: 0,
      alreadyPresent: 0,
      rejected: 0,
      firstReject: null,
    };
    reports.push(report);
    let from = startMs;
    while (from <= opts.toMs && !opts.isStopped?.()) {
      const body = await opts.rest.getJson(
        `/fapi/v1/fundingRate?symbol=${symbol}&startTime=${from}&endTime=${opts.toMs}&limit=${limit}`,
      );
      report.requests++;
      if (!Array.isArray(body))
        throw new Error(`${symbol}: GET /fapi/v1/fundingRate answered something other than a list`);
      const rates: FundingRate[] = [];
      let newest = -Infinity;
      for (const row of body as unknown[]) {
        const r = parseRestFundingRow(row, symbol);
        if (!r.ok) {
          report.rejected++;
          report.firstReject ??= r.reason;
          continue;
        }
        newest = Math.max(newest, r.rate.ts);
        if (r.rate.ts >= from && r.rate.ts <= opts.toMs) rates.push(r.rate);
      }
      const stored = opts.store.insert(rates);
      report.fetched += rates.length;
      report.inserted += stored.inserted;
      report.alreadyPresent += stored.duplicates;
      opts.onPage?.({ symbol, rows: rates.length, reachedMs: Number.isFinite(newest) ? newest : opts.toMs });
      // A short page is the last; a page that does not move forward would loop for ever.
      if (body.length < limit || !(newest >= from)) break;
      from = newest + 1;
    }
  }
  return reports;
}
