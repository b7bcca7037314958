import { describe, expect, it } from 'vitest';
import { alignPair, sliceWindow } from '../../../src/core/analytics/align';
import { barsInRange, symbolStats } from '../../../src/core/analytics/stats';
import type { BarLike } from '../../../src/core/analytics/types';
import { expectClose, loadFixture } from './fixtures';

interface AlignmentFixture {
  yBars: BarLike[];
  xBars: BarLike[];
  expected: { ts: number[]; y: number[]; x: number[] };
  statsRange: [number, number];
  stats: Record<'y' | 'x', { last: number; mean: number; std: number; high: number; low: number; vwap: number; return: number }>;
}

const fx = loadFixture<AlignmentFixture>('alignment.json');

describe('alignPair (vs pandas outer join + ffill + dropna)', () => {
  it('takes the union of bar starts, carries closes forward and drops the leading gap', () => {
    const a = alignPair(fx.yBars, fx.xBars);
    expect(a.ts).toEqual(fx.expected.ts);
    expect(a.y).toEqual(fx.expected.y);
    expect(a.x).toEqual(fx.expected.x);
  });

  it('is empty while one leg has no bar yet', () => {
    expect(alignPair(fx.yBars, []).ts).toEqual([]);
  });

  it('keeps the later of two bars with the same start (the forming bar replaced)', () => {
    const y = [
      { ts: 1000, open: 1, high: 1, low: 1, close: 1, volume: 1, quoteVolume: 1 },
      { ts: 1000, open: 1, high: 2, low: 1, close: 2, volume: 1, quoteVolume: 2 },
    ];
    const x = [{ ts: 1000, open: 5, high: 5, low: 5, close: 5, volume: 1, quoteVolume: 5 }];
    expect(alignPair(y, x)).toEqual({ ts: [1000], y: [2], x: [5], legs: [3] });
  });

  it('slices the last W points ending at an evaluation time', () => {
    const a = alignPair(fx.yBars, fx.xBars);
    const to = a.ts[4] + 1;
    const w = sliceWindow(a, 3, to);
    expect(w.ts).toEqual(a.ts.slice(2, 5));
    expect(w.y).toEqual(a.y.slice(2, 5));
    expect(sliceWindow(a, 100).ts.length).toBe(a.ts.length);
  });
});

describe('symbolStats (vs numpy on the symbol’s own bars in the window)', () => {
  it.each(['y', 'x'] as const)('matches for leg %s', (leg) => {
    const bars = leg === 'y' ? fx.yBars : fx.xBars;
    const r = symbolStats(barsInRange(bars, fx.statsRange[0], fx.statsRange[1]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const e = fx.stats[leg];
    for (const k of ['last', 'mean', 'std', 'high', 'low', 'vwap', 'return'] as const) expectClose(r[k], e[k], `${leg}.${k}`);
  });

  it('needs two bars for a sample standard deviation', () => {
    const r = symbolStats(fx.yBars.slice(0, 1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('not_enough_data');
  });
});
