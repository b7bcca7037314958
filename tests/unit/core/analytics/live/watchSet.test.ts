import { describe, expect, it } from 'vitest';
import { watchRowOf, watchStateOf, type FollowedFigures } from '../../../../../src/core/analytics/live/watchRow';
import { WatchSet } from '../../../../../src/core/analytics/live/watchSet';
import { pairKey, type PairSpec } from '../../../../../src/shared/contract';

const A: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 60 };
const B: PairSpec = { y: 'SOLUSDT', x: 'ETHUSDT', tf: '1m', window: 100 };
const C: PairSpec = { ...A, window: 120 };

describe('WatchSet: the union of the followed pairs', () => {
  it('follows each pair once with all its reasons, the screen first, and says when it changed', () => {
    const set = new WatchSet();
    expect(set.set('alert', [B, A, B])).toBe(true);
    expect(set.set('watchlist', [C, A])).toBe(true);
    expect(set.set('screen', [A])).toBe(true);
    expect(set.entries().map((e) => [e.key, e.reasons])).toEqual([
      [pairKey(A), ['screen', 'watchlist', 'alert']],
      [pairKey(C), ['watchlist']],
      [pairKey(B), ['alert']],
    ]);
    // The same pairs again (another order of the rules) change nothing.
    expect(set.set('alert', [A, B])).toBe(false);
    expect(set.set('watchlist', [A])).toBe(true);
    expect(set.has(pairKey(C))).toBe(false);
  });

  it('keys pairs by the contract pairKey: another spread definition is another pair, raw OLS spelled out is not', () => {
    const set = new WatchSet();
    set.set('alert', [A, { ...A, mode: 'raw', hedge: 'ols' }, { ...A, mode: 'log' }, { ...A, hedge: 'kalman' }]);
    set.set('watchlist', [
      { ...A, mode: 'ratio', hedge: 'kalman' },
      { ...A, mode: 'ratio' },
    ]);
    // The watchlist's come first (REASON_ORDER); ratio mode has no hedge to choose.
    expect(set.entries().map((e) => e.key)).toEqual([
      pairKey({ ...A, mode: 'ratio' }),
      pairKey(A),
      pairKey({ ...A, mode: 'log' }),
      pairKey({ ...A, hedge: 'kalman' }),
    ]);
    expect(new Set(set.entries().map((e) => e.key)).size).toBe(4);
  });
});

describe('a watchlist row', () => {
  const figures = (over: Partial<FollowedFigures> = {}): FollowedFigures => ({
    pair: A,
    reasons: ['watchlist'],
    latest: {
      ts: 1000,
      y: 1,
      x: 1,
      alpha: 0,
      beta: 1.5,
      r2: 0.9,
      spread: 0.2,
      spreadStd: 0.1,
      z: 2,
      correlation: 0.8,
      kalmanBeta: null,
      kalmanAlpha: null,
    },
    points: 60,
    afterBreak: false,
    lastBarAt: 10_000,
    snapshot: null,
    spark: Array.from({ length: 300 }, (_, i) => i),
    ...over,
  });

  it('says warming, live, broken or stale as the contract defines them', () => {
    expect(watchStateOf(figures({ points: 59 }), 10_000)).toBe('warming');
    expect(watchStateOf(figures({ points: 10, afterBreak: true }), 10_000)).toBe('broken');
    expect(watchStateOf(figures(), 10_000)).toBe('live');
    // 1 s bars: stale after max(10 s, 5 min) of wall-clock silence.
    expect(watchStateOf(figures(), 10_000 + 300_000)).toBe('live');
    expect(watchStateOf(figures(), 10_000 + 300_001)).toBe('stale');
  });

  it('carries the latest point’s figures, the snapshot’s ADF p and half-life, and at most 240 spark values', () => {
    const snapshot = {
      ok: true,
      pair: A,
      value: { adf: { pvalue: 0.03 }, halfLife: 42 },
      issues: {},
      computedAt: 9000,
      computeMs: 1,
    } as never;
    const row = watchRowOf(figures({ snapshot }), 10_000);
    expect(row).toMatchObject({
      ts: 1000,
      z: 2,
      spread: 0.2,
      beta: 1.5,
      correlation: 0.8,
      adfPvalue: 0.03,
      halfLife: 42,
      evaluatedAt: 9000,
      state: 'live',
    });
    expect(row.spark).toHaveLength(240);
    expect(row.spark.at(-1)).toBe(299);
  });
});
