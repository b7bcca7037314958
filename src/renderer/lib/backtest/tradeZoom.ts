/** Bars of context shown either side of a trade (at least). */
export const TRADE_CONTEXT_BARS = 30;

/**
 * The zoom (percent of the timeline's extent) that shows a trade from its entry to its exit
 * with context either side: half the trade's length, at least TRADE_CONTEXT_BARS bars.
 */
export function tradeZoom(entryTs: number, exitTs: number, tfMs: number, min: number, max: number): [number, number] {
  const span = max - min;
  if (!(span > 0)) return [0, 100];
  const pad = Math.max(TRADE_CONTEXT_BARS * tfMs, (exitTs - entryTs) / 2);
  const pct = (t: number) => Math.min(100, Math.max(0, ((t - min) / span) * 100));
  const start = pct(entryTs - pad);
  const end = pct(exitTs + pad);
  return end > start ? [start, end] : [0, 100];
}
