import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestor } from '../../../../src/engine/ingest/ingestor';
import { openStore, type SqliteTickStore } from '../../../../src/engine/store';
import { bucketBars } from '../../../../src/renderer/lib/ohlcBuckets';
import { foldSpanMs } from '../../../../src/shared/barFolding';
import type { Bar } from '../../../../src/shared/market';
import { syntheticTicks } from '../../../support/syntheticTrades';

/** The obvious fold, written independently of the engine's SQL and the renderer's loop. */
function naiveFold(bars: readonly Bar[], spanMs: number) {
  const folds = new Map<number, Bar[]>();
  for (const b of bars) {
    const key = Math.floor(b.ts / spanMs) * spanMs;
    folds.set(key, [...(folds.get(key) ?? []), b]);
  }
  return [...folds].map(([ts, group]) => ({
    ts,
    open: group[0]!.open,
    high: Math.max(...group.map((b) => b.high)),
    low: Math.min(...group.map((b) => b.low)),
    close: group.at(-1)!.close,
    volume: group.reduce((s, b) => s + b.volume, 0),
    quoteVolume: group.reduce((s, b) => s + b.quoteVolume, 0),
    trades: group.reduce((s, b) => s + b.trades, 0),
    buyVolume: group.reduce((s, b) => s + b.buyVolume, 0),
  }));
}

describe('foldSpanMs', () => {
  it('is a whole number of bars, just enough to fit the buckets', () => {
    // A day of 1 s bars: 86,400 bars over 1,200 px is 72 bars a candle; over 1,000 px, 87.
    expect(foldSpanMs(0, 86_399_000, 1000, 1200)).toBe(72_000);
    expect(foldSpanMs(0, 86_399_000, 1000, 1000)).toBe(87_000);
    expect(foldSpanMs(0, 59_000, 1000, 1000)).toBe(1000);
    expect(foldSpanMs(5000, 5000, 60_000, 10)).toBe(60_000);
    expect(foldSpanMs(0, 3_600_000 * 24, 60_000, 100) % 60_000).toBe(0);
  });
});

describe('bar overview (market.getBarOverview)', () => {
  let store: SqliteTickStore;
  let bars: Bar[];
  beforeAll(() => {
    store = openStore(':memory:');
    // Sparse trades (a mean gap of 1.5 s) leave seconds without a bar: folds must keep gaps.
    const ingestor = createIngestor({ store, maxBatch: 5000 });
    ingestor.push(syntheticTicks({ count: 6000, seed: 11, meanGapMs: 1500 }));
    ingestor.close();
    bars = store.getBars({ symbol: 'BTCUSDT', tf: '1s' });
  });
  afterAll(() => store.close());

  it('folds the stored bars exactly as the obvious fold does', () => {
    expect(bars.length).toBeGreaterThan(3000);
    for (const buckets of [7, 100, 640, 1999]) {
      const ov = store.getBarOverview({ symbol: 'BTCUSDT', tf: '1s', buckets });
      expect(ov.spanMs).toBe(foldSpanMs(bars[0]!.ts, bars.at(-1)!.ts, 1000, buckets));
      expect(ov.count).toBe(bars.length);
      expect(ov.bars.length).toBeLessThanOrEqual(buckets + 1);
      const expected = naiveFold(bars, ov.spanMs);
      expect(ov.bars).toHaveLength(expected.length);
      ov.bars.forEach((b, i) => {
        const e = expected[i]!;
        expect([b.symbol, b.tf, b.ts, b.open, b.high, b.low, b.close, b.trades]).toEqual([
          'BTCUSDT',
          '1s',
          e.ts,
          e.open,
          e.high,
          e.low,
          e.close,
          e.trades,
        ]);
        expect(b.volume).toBeCloseTo(e.volume, 9);
        expect(b.quoteVolume).toBeCloseTo(e.quoteVolume, 6);
        expect(b.buyVolume).toBeCloseTo(e.buyVolume, 9);
        expect(b.vwap).toBeCloseTo(e.quoteVolume / e.volume, 6);
      });
    }
  });

  it('folds only the latest `limit` bars of a range, and says how many it folded', () => {
    const ov = store.getBarOverview({ symbol: 'BTCUSDT', tf: '1s', limit: 1000, buckets: 50 });
    const latest = bars.slice(-1000);
    expect(ov.count).toBe(1000);
    expect(ov.spanMs).toBe(foldSpanMs(latest[0]!.ts, latest.at(-1)!.ts, 1000, 50));
    expect(ov.bars.map((b) => b.ts)).toEqual(naiveFold(latest, ov.spanMs).map((b) => b.ts));
    const to = bars[2000]!.ts;
    const ranged = store.getBarOverview({ symbol: 'BTCUSDT', tf: '1s', to, buckets: 10 });
    expect(ranged.count).toBe(2001);
  });

  it('returns the stored bars themselves when they fit the buckets', () => {
    const few = bars.slice(0, 300);
    const ov = store.getBarOverview({ symbol: 'BTCUSDT', tf: '1s', to: few.at(-1)!.ts, buckets: 5000 });
    expect(ov.spanMs).toBe(1000);
    expect(ov.bars).toEqual(few);
  });

  it('is empty for an unknown symbol or an empty range', () => {
    expect(store.getBarOverview({ symbol: 'NOPEUSDT', tf: '1s', buckets: 10 })).toEqual({
      bars: [],
      spanMs: 1000,
      count: 0,
    });
    expect(store.getBarOverview({ symbol: 'BTCUSDT', tf: '1m', from: 0, to: 1, buckets: 10 })).toEqual({
      bars: [],
      spanMs: 60_000,
      count: 0,
    });
  });

  it('draws the same candles as the renderer folding the full detail (no jump when detail replaces it)', () => {
    // Each drawn over the time axis the dashboard gives it: from the first bar to the end of the last.
    const width = 640;
    const ov = store.getBarOverview({ symbol: 'BTCUSDT', tf: '1s', buckets: width });
    const fromDetail = bucketBars(bars, bars[0]!.ts, bars.at(-1)!.ts + 1000, width, 1000);
    const fromOverview = bucketBars(ov.bars, ov.bars[0]!.ts, ov.bars.at(-1)!.ts + ov.spanMs, width, ov.spanMs);
    expect(fromOverview.spanMs).toBe(ov.spanMs);
    expect(fromDetail.spanMs).toBe(ov.spanMs);
    expect(fromOverview.candles).toEqual(fromDetail.candles);
    fromOverview.volume.forEach((v, i) => {
      expect(v[0]).toBe(fromDetail.volume[i]![0]);
      expect(v[1]).toBeCloseTo(fromDetail.volume[i]![1], 9);
    });
  });
});
