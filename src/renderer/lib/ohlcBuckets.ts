import { foldSpanMs, foldStart } from '../../shared/barFolding';
import type { Bar } from '../../shared/market';

/** One drawn candle: [ts, open, close, low, high] (ECharts candlestick order after the time). */
export type CandleDatum = [number, number, number, number, number];
/** One drawn volume bar: [ts, volume, direction (1 up, -1 down)]. */
export type VolumeDatum = [number, number, number];

export interface Buckets {
  candles: CandleDatum[];
  volume: VolumeDatum[];
  /** Time one drawn candle covers (= barMs when bars are drawn as stored). */
  spanMs: number;
}

/** First index with bars[i].ts >= ts (bars ascending). */
export function lowerBound(bars: readonly { ts: number }[], ts: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Downsamples candles to the pixel: the bars (each covering `barMs`) in [from, to) are
 * folded into at most about `maxCandles` candles of one span (first open, last close, min
 * low, max high, summed volume), so a day of 1 s bars draws ~1,000 candles instead of
 * 86,400 and pans smoothly. Folds are aligned in time (src/shared/barFolding.ts), the same
 * folds the engine's overview makes, so the detail that replaces an overview draws the
 * same candles; the span depends only on the view's length, so panning keeps it, and the
 * candles at both edges are whole folds. Gaps stay gaps.
 */
export function bucketBars(bars: readonly Bar[], from: number, to: number, maxCandles: number, barMs: number): Buckets {
  // Slots of barMs in the view; `to` is exclusive. One more than the width is still drawn
  // as is: an overview folded to the width may straddle one more aligned fold.
  const slots = Math.ceil((to - from) / barMs);
  const spanMs = slots <= maxCandles + 1 ? barMs : foldSpanMs(from, to - barMs, barMs, maxCandles);
  let start = Math.max(0, lowerBound(bars, from) - 1);
  let end = Math.min(bars.length, lowerBound(bars, to) + 1);
  if (start < end && spanMs > barMs) {
    start = lowerBound(bars, foldStart(bars[start].ts, spanMs));
    end = lowerBound(bars, foldStart(bars[end - 1].ts, spanMs) + spanMs);
  }
  const candles: CandleDatum[] = [];
  const volume: VolumeDatum[] = [];
  let i = start;
  while (i < end) {
    const first = bars[i];
    const fold = foldStart(first.ts, spanMs);
    const next = fold + spanMs;
    let high = first.high;
    let low = first.low;
    let vol = 0;
    let last = first;
    for (; i < end && bars[i].ts < next; i++) {
      const b = bars[i];
      if (b.high > high) high = b.high;
      if (b.low < low) low = b.low;
      vol += b.volume;
      last = b;
    }
    const ts = spanMs > barMs ? fold : first.ts;
    candles.push([ts, first.open, last.close, low, high]);
    volume.push([ts, vol, last.close >= first.open ? 1 : -1]);
  }
  return { candles, volume, spanMs };
}
