import { describe, expect, it } from 'vitest';
import { bucketBars } from '../../../src/renderer/lib/ohlcBuckets';
import type { Bar } from '../../../src/shared/market';

const bar = (ts: number, open: number, high: number, low: number, close: number, volume = 1): Bar => ({
  symbol: 'BTCUSDT',
  tf: '1s',
  ts,
  open,
  high,
  low,
  close,
  volume,
  quoteVolume: volume * close,
  trades: 1,
  vwap: close,
  buyVolume: 0,
});

/** Ten seconds of 1 s bars from t = 100 s, with second 104 missing (no trades). */
const BARS = [100, 101, 102, 103, 105, 106, 107, 108, 109].map((s, i) =>
  bar(s * 1000, 10 + i, 12 + i, 9 + i, 11 + i, i + 1),
);

describe('bucketBars (candles downsampled to the pixel)', () => {
  it('draws bars as stored when they fit the width', () => {
    const b = bucketBars(BARS, 100_000, 109_000, 100, 1000);
    expect(b.spanMs).toBe(1000);
    expect(b.candles).toEqual(BARS.map((x) => [x.ts, x.open, x.close, x.low, x.high]));
    expect(b.volume.map((v) => v[1])).toEqual(BARS.map((x) => x.volume));
  });

  it('folds into time-aligned candles: first open, last close, extreme high and low, summed volume; gaps stay gaps', () => {
    // 10 s over 2 px: 5 s candles aligned to multiples of 5 s, i.e. [100, 105) and [105, 110).
    const b = bucketBars(BARS, 100_000, 109_000, 2, 1000);
    expect(b.spanMs).toBe(5000);
    expect(b.candles).toEqual([
      [100_000, 10, 14, 9, 15],
      [105_000, 14, 19, 13, 20],
    ]);
    expect(b.volume).toEqual([
      [100_000, 1 + 2 + 3 + 4, 1],
      [105_000, 5 + 6 + 7 + 8 + 9, 1],
    ]);
  });

  it('keeps the leftmost candle whole when the view starts inside a fold, so panning does not reshape it', () => {
    const whole = bucketBars(BARS, 100_000, 109_000, 2, 1000).candles[0];
    const panned = bucketBars(BARS, 102_500, 111_500, 2, 1000);
    expect(panned.spanMs).toBe(5000);
    expect(panned.candles[0]).toEqual(whole);
  });

  it('folds already folded bars by whole multiples of their span', () => {
    const overview = [
      bar(0, 1, 5, 0.5, 2),
      bar(60_000, 2, 6, 1, 3),
      bar(120_000, 3, 4, 2, 2.5),
      bar(180_000, 2.5, 3, 1.5, 2),
    ];
    // Four one-minute bars on two pixels: two-minute candles.
    const b = bucketBars(overview, 0, 240_000, 2, 60_000);
    expect(b.spanMs).toBe(120_000);
    expect(b.candles).toEqual([
      [0, 1, 3, 0.5, 6],
      [120_000, 3, 2, 1.5, 4],
    ]);
  });

  it('draws an overview that straddles one more fold than the width as it is, not at half resolution', () => {
    const overview = [bar(0, 1, 2, 0, 1), bar(60_000, 1, 2, 0, 1), bar(120_000, 1, 2, 0, 1)];
    // Three folds on a two-pixel plot: one more than the width, from an engine folding to it.
    expect(bucketBars(overview, 0, 180_000, 2, 60_000).spanMs).toBe(60_000);
  });

  it('keeps the rightmost candle whole too, wherever the view ends', () => {
    const whole = bucketBars(BARS, 100_000, 110_000, 2, 1000).candles[1];
    const cut = bucketBars(BARS, 97_000, 107_000, 2, 1000);
    expect(cut.spanMs).toBe(5000);
    expect(cut.candles.at(-1)).toEqual(whole);
  });
});
