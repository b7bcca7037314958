import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCAN_OPTIONS,
  meanCrossings,
  pairIndices,
  prepareLeg,
  scanPair,
  scanUniverse,
  syntheticUniverse,
} from '../../../../src/core/scanner';
import type { SymbolSeries } from '../../../../src/core/scanner';

const MIN = 60_000;

/** A log random walk with bars at the given interval indices. */
function leg(symbol: string, seed: number, at: number[]): { symbol: string; ts: number[]; close: number[] } {
  let v = Math.log(100 + seed);
  let s = seed * 9301 + 49297;
  const close: number[] = [];
  for (let i = 0; i < at.length; i++) {
    s = (s * 9301 + 49297) % 233280;
    v += 0.001 * (s / 233280 - 0.5);
    close.push(Math.exp(v));
  }
  return { symbol, ts: at.map((i) => i * MIN), close };
}

const range = (from: number, to: number, skip: (i: number) => boolean = () => false): number[] => {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (!skip(i)) out.push(i);
  return out;
};

describe('pair filters (../shared/specs/scanner.md step 2)', () => {
  it("coverage counts a leg's own bars over the aligned intervals, after the leading drop", () => {
    // b trades every 10th interval missing: 90% of the aligned intervals, exactly the default.
    const a = prepareLeg(leg('AAAUSDT', 1, range(0, 400)));
    const b = prepareLeg(
      leg(
        'BBBUSDT',
        2,
        range(50, 400, (i) => i % 10 === 5),
      ),
    );
    const at = scanPair(a, b, DEFAULT_SCAN_OPTIONS);
    expect('tested' in at).toBe(true);
    if ('tested' in at) expect(at.tested.n).toBe(350);
    const stricter = scanPair(a, b, { ...DEFAULT_SCAN_OPTIONS, minCoverage: 0.91 });
    expect('excluded' in stricter && stricter.excluded.reason).toMatch(
      /^coverage: BBBUSDT has its own bar in 90\.0% of 350 aligned intervals/,
    );
  });

  it('excludes pairs with fewer aligned points than minPoints, and pairs that never overlap', () => {
    const a = prepareLeg(leg('AAAUSDT', 1, range(0, 400)));
    const late = prepareLeg(leg('LATEUSDT', 3, range(250, 400)));
    const r = scanPair(a, late, DEFAULT_SCAN_OPTIONS);
    expect('excluded' in r && r.excluded.reason).toBe('points: 150 aligned points (min 200)');
    expect('tested' in scanPair(a, late, { ...DEFAULT_SCAN_OPTIONS, minPoints: 150 })).toBe(true);
    const none = scanPair(prepareLeg(leg('AAAUSDT', 1, [])), late, DEFAULT_SCAN_OPTIONS);
    expect('excluded' in none && none.excluded.reason).toMatch(/^points: no aligned points/);
  });

  it('excludes (never tests) degenerate pairs: a constant leg, identical legs, a bad close', () => {
    const a = leg('AAAUSDT', 1, range(0, 300));
    const flat: SymbolSeries = { symbol: 'FLATUSDT', ts: a.ts, close: a.close.map(() => 5) };
    const twin: SymbolSeries = { symbol: 'TWINUSDT', ts: a.ts, close: a.close };
    const bad: SymbolSeries = { symbol: 'BADUSDT', ts: a.ts, close: a.close.map((c, i) => (i === 7 ? 0 : c)) };
    const r = scanUniverse([a, flat, twin, bad]);
    expect(r.tested).toBe(0);
    expect(r.pairs).toEqual([]);
    expect(r.excluded.map((e) => [e.a, e.b, e.reason.split(':')[0]])).toEqual([
      ['AAAUSDT', 'BADUSDT', 'data'],
      ['AAAUSDT', 'FLATUSDT', 'degenerate'],
      ['AAAUSDT', 'TWINUSDT', 'degenerate'],
      ['BADUSDT', 'FLATUSDT', 'data'],
      ['BADUSDT', 'TWINUSDT', 'data'],
      ['FLATUSDT', 'TWINUSDT', 'degenerate'],
    ]);
  });

  it('a universe of one symbol has no pairs', () => {
    expect(scanUniverse([leg('AAAUSDT', 1, range(0, 300))])).toEqual({ tested: 0, pairs: [], excluded: [] });
    expect(pairIndices(1)).toHaveLength(0);
  });
});

describe('orientation and ordering', () => {
  it('reports a < b whatever order the series come in, y on x in the better direction', () => {
    const u = syntheticUniverse({ seed: 5, symbols: 4, bars: 500, tfMs: MIN, start: 0, planted: 1, missing: 0 });
    const fwd = scanUniverse(u.series);
    const rev = scanUniverse([...u.series].reverse());
    expect(rev).toEqual(fwd);
    for (const p of fwd.pairs) {
      expect(p.a < p.b).toBe(true);
      const abBetter = p.coint.ab.pvalue <= p.coint.ba.pvalue;
      expect([p.y, p.x]).toEqual(abBetter ? [p.a, p.b] : [p.b, p.a]);
      expect(p.pvalue).toBe(Math.min(1, 2 * Math.min(p.coint.ab.pvalue, p.coint.ba.pvalue)));
    }
    for (let i = 1; i < fwd.pairs.length; i++) {
      const [p, q] = [fwd.pairs[i - 1]!, fwd.pairs[i]!];
      expect(p.qvalue < q.qvalue || (p.qvalue === q.qvalue && p.pvalue <= q.pvalue)).toBe(true);
    }
  });
});

describe('meanCrossings', () => {
  it('counts sign changes of the demeaned spread', () => {
    expect(meanCrossings([1, -1, 1])).toBe(2);
    expect(meanCrossings([3, 2, 1, 0, -1, -2, -3])).toBe(1);
    expect(meanCrossings([5, 5, 5])).toBe(0);
  });

  it('skips points exactly at the mean', () => {
    expect(meanCrossings([-1, 0, 1])).toBe(1);
    expect(meanCrossings([1, 0, 0, 1, -2])).toBe(1);
  });
});

describe('power and false discoveries over many seeds', () => {
  it('finds every planted pair and keeps false discoveries near the FDR', () => {
    let planted = 0;
    let found = 0;
    let randomPairs = 0;
    let falseFound = 0;
    for (let seed = 100; seed < 112; seed++) {
      const u = syntheticUniverse({ seed, symbols: 10, bars: 600, tfMs: MIN, start: 0, planted: 2, missing: 0.02 });
      const r = scanUniverse(u.series);
      const truth = new Set(u.planted.map(([y, x]) => [y, x].sort().join('/')));
      for (const p of r.pairs) {
        const isPlanted = truth.has(`${p.a}/${p.b}`);
        if (isPlanted) {
          planted++;
          if (p.significant) found++;
        } else {
          randomPairs++;
          if (p.significant) falseFound++;
        }
      }
    }
    expect(found).toBe(planted);
    expect(falseFound / randomPairs).toBeLessThan(0.05);
  });
});
