import { decimalField, integerField } from './fields';

/** One funding event of a USD-M perpetual (../shared/specs/backtest.md, "Money"). */
export interface FundingRate {
  readonly symbol: string;
  /** Funding time, epoch ms (the files' calc_time, REST's fundingTime). */
  readonly ts: number;
  /** 0.0001 = 0.01 %; negative when shorts pay longs. */
  readonly rate: number;
  /** Hours between fundings (files only; REST does not say). */
  readonly intervalHours: number | null;
  /** REST's markPrice at the funding time (files do not carry it). */
  readonly markPrice: number | null;
}

export type FundingParse =
  { readonly ok: true; readonly rate: FundingRate } | { readonly ok: false; readonly reason: string };

/** data.binance.vision `fundingRate` columns, in the order header-less files use. */
export const FUNDING_HEADER = ['calc_time', 'funding_interval_hours', 'last_funding_rate'] as const;

/** Where each field sits in a row (interval may be absent). */
export interface FundingColumns {
  readonly time: number;
  readonly interval: number | null;
  readonly rate: number;
}

export const FUNDING_DEFAULT_COLUMNS: FundingColumns = { time: 0, interval: 1, rate: 2 };

/** "BTCUSDT-fundingRate-2024-08.zip" and the like. */
export function isFundingFileName(name: string): boolean {
  return /fundingrate/i.test(name);
}

/** The columns a funding header names (read by name, any order), or null when the row is
 * not a funding header. */
export function fundingColumns(header: readonly string[]): FundingColumns | null {
  const names = header.map((h) => h.trim().toLowerCase());
  const time = names.indexOf('calc_time');
  const rate = names.indexOf('last_funding_rate');
  if (time < 0 || rate < 0) return null;
  const interval = names.indexOf('funding_interval_hours');
  return { time, interval: interval < 0 ? null : interval, rate };
}

/** One data row of a fundingRate CSV. */
export function parseFundingCsvRow(fields: readonly string[], cols: FundingColumns, symbol: string): FundingParse {
  const need = Math.max(cols.time, cols.rate, cols.interval ?? 0) + 1;
  if (fields.length < need) return { ok: false, reason: `expected ${need} columns, got ${fields.length}` };
  const ts = integerField(fields[cols.time]?.trim());
  if (!(ts > 0)) return { ok: false, reason: 'invalid funding time' };
  const rate = decimalField(fields[cols.rate]?.trim());
  if (!Number.isFinite(rate)) return { ok: false, reason: 'invalid funding rate' };
  let intervalHours: number | null = null;
  if (cols.interval !== null && (fields[cols.interval]?.trim() ?? '') !== '') {
    intervalHours = decimalField(fields[cols.interval]!.trim());
    if (!(intervalHours > 0)) return { ok: false, reason: 'invalid funding interval' };
  }
  return { ok: true, rate: { symbol, ts, rate, intervalHours, markPrice: null } };
}

/** One row of GET /fapi/v1/fundingRate: {"symbol","fundingTime","fundingRate","markPrice"}. */
export function parseRestFundingRow(row: unknown, symbol: string): FundingParse {
  if (row === null || typeof row !== 'object' || Array.isArray(row))
    return { ok: false, reason: 'fundingRate row is not an object' };
  const r = row as Record<string, unknown>;
  if (r.symbol !== undefined && String(r.symbol).toUpperCase() !== symbol)
    return { ok: false, reason: `row is for ${String(r.symbol)}, not ${symbol}` };
  const ts = integerField(r.fundingTime);
  if (!(ts > 0)) return { ok: false, reason: 'invalid funding time' };
  const rate = decimalField(r.fundingRate);
  if (!Number.isFinite(rate)) return { ok: false, reason: 'invalid funding rate' };
  // Old rows carry an empty markPrice.
  const mark = decimalField(r.markPrice);
  return { ok: true, rate: { symbol, ts, rate, intervalHours: null, markPrice: mark > 0 ? mark : null } };
}
