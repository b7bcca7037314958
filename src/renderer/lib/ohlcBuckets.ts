import type { Bar } from '../../shared/market';

/** One drawn candle: [ts, open, close, low, high] (ECharts candlestick order after the time). */
export type CandleDatum = [number, number, number, number, number];
/** One drawn volume bar: [ts, volume, direction (1 up, -1 down)]. */
export type VolumeDatum = [number, number, number];

export interface Buckets {
  candles: CandleDatum[];
  volume: VolumeDatum[];
  /** Source bars folded into each drawn candle (1 = drawn as stored). */
  barsPerCandle: number;
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
 * Downsamples candles to the pixel: the bars in [from, to] are folded into at most
 * `maxCandles` OHLC candles (first open, last close, min low, max high, summed volume), so a
 * day of 1 s bars draws ~1,000 candles instead of 86,400 and pans smoothly. Each fold
 * covers the same number of bars so the candle widths stay even. Below the limit the
 * bars are drawn exactly as stored.
 */
export function bucketBars(bars: readonly Bar[], from: number, to: number, maxCandles: number): Buckets {
  const start = Math.max(0, lowerBound(bars, from) - 1);
  const end = Math.min(bars.length, lowerBound(bars, to) + 1);
  const count = end - start;
  const per = Math.max(1, Math.ceil(count / Math.max(1, maxCandles)));
  const candles: CandleDatum[] = [];
  const volume: VolumeDatum[] = [];
  // Align folds to multiples of `per` from index 0, so panning does not make candles jitter.
  const first = per === 1 ? start : start - (start % per);
  for (let i = first; i < end; i += per) {
    const stop = Math.min(end, i + per);
    const open = bars[i];
    let high = open.high;
    let low = open.low;
    let vol = 0;
    for (let j = i; j < stop; j++) {
      const b = bars[j];
      if (b.high > high) high = b.high;
      if (b.low < low) low = b.low;
      vol += b.volume;
    }
    const close = bars[stop - 1].close;
    candles.push([open.ts, open.open, close, low, high]);
    volume.push([open.ts, vol, close >= open.open ? 1 : -1]);
  }
  return { candles, volume, barsPerCandle: per };
}
