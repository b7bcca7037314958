import { describe, expect, it } from 'vitest';
import { bhQValues, scanUniverse, syntheticUniverse } from '../../../../src/core/scanner';
import { expectClose } from '../analytics/fixtures';
import { expectRow, loadScanFixture } from './scanFixture';

const { cases, bh } = loadScanFixture();

describe.each(Object.keys(cases))('scan of the %s universe (vs pandas + statsmodels)', (name) => {
  const c = cases[name]!;

  it('regenerates exactly the fixture input from our seeded generator', () => {
    const u = syntheticUniverse(c.universe);
    expect(u.planted).toEqual(c.planted);
    expect(u.series.map((s) => ({ symbol: s.symbol, ts: Array.from(s.ts), close: Array.from(s.close) }))).toEqual(
      c.series,
    );
  });

  it('tests and excludes the same pairs, in the same order, with every figure equal', () => {
    const r = scanUniverse(c.series, c.scan);
    expect(r.tested).toBe(c.expected.tested);
    expect(r.pairs.map((p) => `${p.a}/${p.b}`)).toEqual(c.expected.pairs.map((p) => `${p.a}/${p.b}`));
    r.pairs.forEach((p, i) => expectRow(p, c.expected.pairs[i]!));
    expect(r.excluded.map((e) => [e.a, e.b, e.reason.split(':')[0]])).toEqual(
      c.expected.excluded.map((e) => [e.a, e.b, e.kind]),
    );
  });

  it('finds every planted pair significant, and most random pairs not', () => {
    const r = scanUniverse(c.series, c.scan);
    const planted = new Set(c.planted.map(([y, x]) => [y, x].sort().join('/')));
    const sig = new Set(r.pairs.filter((p) => p.significant).map((p) => `${p.a}/${p.b}`));
    for (const p of planted) expect(sig.has(p), `${p} significant`).toBe(true);
    const random = r.pairs.filter((p) => !planted.has(`${p.a}/${p.b}`));
    expect(random.filter((p) => !p.significant).length).toBeGreaterThan(random.length / 2);
  });
});

describe('Benjamini–Hochberg q-values', () => {
  it.each(bh.map((c, i) => [i, c] as const))('vector %i equals statsmodels multipletests fdr_bh', (_i, c) => {
    const q = bhQValues(c.p);
    expect(q).toHaveLength(c.q.length);
    q.forEach((v, k) => expectClose(v, c.q[k]!, `q[${k}]`, 0, 1e-12));
  });
});
