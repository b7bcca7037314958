/**
 * What a trade may plausibly hold, checked once at the edge (wire frames, REST rows, file
 * rows) so nothing downstream has to distrust the store.
 */

/** Binance USD-M futures started trading in 2019; nothing of Binance predates 2017. */
export const MIN_TRADE_TS = Date.UTC(2017, 0, 1);
/** Clocks drift and files are written ahead of time, but never by more than a day. */
export const MAX_TRADE_TS_AHEAD_MS = 86_400_000;
/**
 * Largest price and quantity accepted. Binance's largest are far below (prices ~1e6, sizes
 * ~1e10 for meme coins); the bound keeps every value a bar or the store derives finite: a
 * quote volume is at most 1e30 and sums of them stay finite, where a `1e308` price made a
 * bar's quote volume Infinity, which no reply can carry.
 */
export const MAX_TRADE_DECIMAL = 1e15;

/** The reject reason of a trade time outside MIN_TRADE_TS … now + a day, or null. */
export function tradeTimeProblem(ts: number, nowMs: number): string | null {
  if (ts < MIN_TRADE_TS) return ts < 1e11 ? 'trade time in seconds, not milliseconds' : 'trade time before 2017-01-01';
  if (ts > nowMs + MAX_TRADE_TS_AHEAD_MS)
    return ts > 1e14 ? 'trade time in microseconds, not milliseconds' : 'trade time more than a day ahead';
  return null;
}

// Highest time known to be acceptable. The clock only moves forward, so a time at or below
// it is fine without asking the clock again: the hot path reads Date.now() about once a day
// of data instead of once a frame.
let acceptedUpTo = -Infinity;

/**
 * tradeTimeProblem against the wall clock, or `now` when given (tests pass a fixed one, and
 * then it is read every time).
 */
export function tradeTimeProblemNow(ts: number, now?: () => number): string | null {
  if (now) return tradeTimeProblem(ts, now());
  if (ts >= MIN_TRADE_TS && ts <= acceptedUpTo) return null;
  const nowMs = Date.now();
  acceptedUpTo = nowMs + MAX_TRADE_TS_AHEAD_MS;
  return tradeTimeProblem(ts, nowMs);
}
