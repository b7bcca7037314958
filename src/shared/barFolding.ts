/**
 * How a long run of bars is folded for display (the dashboard's overview of a day of 1 s
 * bars, and its pixel-level downsampling): into bars of a coarser span that is a whole
 * number of bars, aligned to multiples of the span from the epoch. A folded bar is then
 * just a bar of a longer timeframe, the same whoever folds it (SQLite in the engine, the
 * renderer on zoom), so an overview and the detail that replaces it draw the same candles.
 */

/** The most folds a request may ask for: wider than any screen, small enough to stay cheap. */
export const MAX_FOLD_BUCKETS = 20_000;

/** Span (ms) that folds bars of `tfMs` from `firstTs` to `lastTs` into at most `buckets` + 1 folds. */
export function foldSpanMs(firstTs: number, lastTs: number, tfMs: number, buckets: number): number {
  const bars = Math.floor(Math.max(0, lastTs - firstTs) / tfMs) + 1;
  return tfMs * Math.max(1, Math.ceil(bars / Math.max(1, Math.floor(buckets))));
}

/** Start of the fold of span `spanMs` holding a bar that starts at `ts`. */
export function foldStart(ts: number, spanMs: number): number {
  return Math.floor(ts / spanMs) * spanMs;
}
