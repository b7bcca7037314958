import { describe, expect, it } from 'vitest';
import { alignCloses, alignPair, sliceWindow } from '../../../../src/core/analytics/align';
import { barsInRange, symbolStats } from '../../../../src/core/analytics/stats';
import type { BarLike } from '../../../../src/core/analytics/types';
import { expectClose, loadFixture } from './fixtures';

interface AlignmentFixture {
  yBars: BarLike[];
  xBars: BarLike[];
  expected: { ts: number[]; y: number[]; x: number[] };
  statsRange: [number, number];
  stats: Record<
    'y' | 'x',
    { last: number; mean: number; std: number; high: number; low: number; vwap: number; return: number }
  >;
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
    for (const k of ['last', 'mean', 'std', 'high', 'low', 'vwap', 'return'] as const)
      expectClose(r[k], e[k], `${leg}.${k}`);
  });

  it('needs two bars for a sample standard deviation', () => {
    const r = symbolStats(fx.yBars.slice(0, 1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('not_enough_data');
  });
});

describe('alignCloses (alignPair on bare arrays)', () => {
  const arrays = (bars: readonly BarLike[]) => [bars.map((b) => b.ts), bars.map((b) => b.close)] as const;

  it('equals alignPair on the pandas fixture', () => {
    const a = alignCloses(...arrays(fx.yBars), ...arrays(fx.xBars));
    expect([Array.from(a.ts), Array.from(a.y), Array.from(a.x)]).toEqual([
      fx.expected.ts,
      fx.expected.y,
      fx.expected.x,
    ]);
  });

  it('equals alignPair on random legs with gaps, late starts and repeated starts', () => {
    let s = 12345;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
    for (let round = 0; round < 50; round++) {
      const leg = (): BarLike[] => {
        const out: BarLike[] = [];
        let t = Math.floor(rnd() * 20);
        const n = Math.floor(rnd() * 60);
        for (let k = 0; k < n; k++) {
          t += rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 3);
          const c = 100 + rnd();
          out.push({ ts: t, open: c, high: c, low: c, close: c, volume: 1, quoteVolume: c });
        }
        return out;
      };
      const yb = leg();
      const xb = leg();
      const ref = alignPair(yb, xb);
      const got = alignCloses(...arrays(yb), ...arrays(xb));
      expect([Array.from(got.ts), Array.from(got.y), Array.from(got.x)]).toEqual([ref.ts, ref.y, ref.x]);
    }
  });
});
