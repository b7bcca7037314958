import { MAX_TRADE_DECIMAL, tradeTimeProblemNow } from './tradeBounds';

/**
 * Hand-written field checks for the hot path: zod per message would cost more than the
 * SQLite insert it feeds (the ingest target is >= 250k ticks/s on one core).
 * Each returns NaN / null on failure so callers can produce a precise reason.
 */

/** A Binance decimal string ("63943.90") or number to a finite number; NaN if invalid. */
export function decimalField(v: unknown): number {
  if (typeof v === 'string') {
    // Number('') and Number(' ') are 0, which would slip past the positivity check as a
    // different reason; treat blanks as invalid.
    if (v.length === 0 || v.charCodeAt(0) === 32) return NaN;
    return Number(v);
  }
  if (typeof v === 'number') return v;
  return NaN;
}

/** A non-negative safe integer (ids, epoch ms); NaN if invalid. */
export function integerField(v: unknown): number {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && v.length > 0) n = Number(v);
  else return NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : NaN;
}

/** Binance booleans; CSV files spell them True/False/true/false. */
export function booleanField(v: unknown): boolean | null {
  if (v === true || v === false) return v;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return null;
}

/**
 * Checks the numeric parts of a trade shared by every source, returning a reject reason
 * or null when the trade is usable. The plausibility of its time comes last, so a frame that
 * is broken anyway is counted under what is broken.
 */
export function tradeProblem(
  id: number,
  ts: number,
  price: number,
  size: number,
  maker: boolean | null,
  now?: () => number,
): string | null {
  if (Number.isNaN(id)) return 'invalid trade id';
  if (Number.isNaN(ts) || ts <= 0) return 'invalid trade time';
  if (!Number.isFinite(price)) return 'invalid price (NaN or not a number)';
  if (price <= 0) return 'non-positive price';
  if (price >= MAX_TRADE_DECIMAL) return 'price out of range (1e15 or more)';
  if (!Number.isFinite(size)) return 'invalid size (NaN or not a number)';
  if (size <= 0) return 'non-positive size';
  if (size >= MAX_TRADE_DECIMAL) return 'size out of range (1e15 or more)';
  if (maker === null) return 'invalid buyer-maker flag';
  return tradeTimeProblemNow(ts, now);
}
