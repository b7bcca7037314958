import { describe, expect, it } from 'vitest';
import { foldSeries } from '../../../../src/core/analytics/index';
import { CointegratedPairSim } from '../../../../src/core/sim/cointegratedPair';
import { seriesFromStore } from '../../../../src/engine/analytics/series';
import { createIngestor } from '../../../../src/engine/ingest/ingestor';
import { openStore } from '../../../../src/engine/store/sqliteStore';
import { foldSpanMs, foldStart } from '../../../../src/shared/barFolding';
import type { PairSpec } from '../../../../src/shared/contract';

const p = (ts: number, z: number | null) => ({ ts, z });

describe('foldSeries (a thinned first look at a rolling series)', () => {
  it('keeps per fold the lowest and highest z in time order, and always the last point', () => {
    const pts = [
      p(0, 1),
      p(1, -2),
      p(2, 3),
      p(3, 0),
      p(10, 5),
      p(11, 5),
      p(20, null),
      p(21, null),
      p(30, 0.5),
      p(31, 0.1),
    ];
    expect(foldSeries(pts, 10)).toEqual([p(1, -2), p(2, 3), p(10, 5), p(20, null), p(30, 0.5), p(31, 0.1)]);
  });

  it('is empty for no points', () => {
    expect(foldSeries([], 10)).toEqual([]);
  });
});

describe('analytics.getSeries with buckets', () => {
  const spec: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 60 };
  const store = openStore(':memory:');
  const start = Date.UTC(2024, 0, 1);
  const ing = createIngestor({
    store,
    timeframes: ['1s'],
    maxBatch: 50_000,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
  ing.push(new CointegratedPairSim({ seed: 4, startMs: start }).advance(start + 3 * 3600_000));
  ing.close();

  it('returns whole points of the full series: each fold’s z extremes and the last point', () => {
    const full = seriesFromStore(store, spec, {});
    const thin = seriesFromStore(store, spec, { buckets: 200 });
    expect(full.spanMs).toBeUndefined();
    expect(full.points.length).toBeGreaterThan(5000);
    const spanMs = foldSpanMs(full.points[0]!.ts, full.points.at(-1)!.ts, 1000, 200);
    expect(thin.spanMs).toBe(spanMs);
    expect(thin.points.length).toBeLessThanOrEqual(2 * 201 + 1);
    const byTs = new Map(full.points.map((q) => [q.ts, q]));
    for (const q of thin.points) expect(q).toEqual(byTs.get(q.ts));
    expect(thin.points.at(-1)).toEqual(full.points.at(-1));
    // Every fold's lowest and highest z survive, so a threshold crossing still shows.
    const folds = new Map<number, number[]>();
    for (const q of full.points)
      if (q.z !== null) folds.set(foldStart(q.ts, spanMs), [...(folds.get(foldStart(q.ts, spanMs)) ?? []), q.z]);
    const kept = new Set(thin.points.map((q) => q.z));
    for (const zs of folds.values()) {
      expect(kept.has(Math.min(...zs))).toBe(true);
      expect(kept.has(Math.max(...zs))).toBe(true);
    }
  });

  it('leaves a series that already fits the buckets as it is', () => {
    const full = seriesFromStore(store, spec, { limit: 300 });
    expect(seriesFromStore(store, spec, { limit: 300, buckets: 200 })).toEqual(full);
  });
});
