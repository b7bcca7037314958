import { describe, expect, it } from 'vitest';
import { makeBenchPair } from '../../../../src/core/analytics/bench';
import { logReturnCorrelation } from '../../../../src/core/analytics/correlation';
import { ols } from '../../../../src/core/analytics/ols';
import { RollingPair, rollingPairSeries } from '../../../../src/core/analytics/rolling';
import type { RollingPairValue } from '../../../../src/core/analytics/rolling';
import { spreadSeries, spreadSummary } from '../../../../src/core/analytics/spread';
import { expectClose, loadFixture } from './fixtures';

interface Checkpoint {
  end: number;
  alpha: number;
  beta: number;
  r2: number;
  spread: number;
  spreadStd: number;
  z: number;
  correlation: number | null;
}
interface SyntheticFixture {
  cases: Record<string, { y: number[]; x: number[] }>;
  rolling: { case: string; window: number; points: Checkpoint[] };
}
interface LargeFixture {
  generator: { n: number; seed: number };
  rolling: { window: number; points: Checkpoint[] };
}

const synth = loadFixture<SyntheticFixture>('synthetic.json');
const large = loadFixture<LargeFixture>('large.json');

function expectMatches(v: RollingPairValue, e: Checkpoint, label: string): void {
  expectClose(v.alpha, e.alpha, `${label} alpha`);
  expectClose(v.beta, e.beta, `${label} beta`);
  expectClose(v.r2, e.r2, `${label} r2`);
  expectClose(v.spread, e.spread, `${label} spread`, 1e-6, 1e-9 * e.spreadStd);
  expectClose(v.spreadStd, e.spreadStd, `${label} spreadStd`);
  expectClose(v.z, e.z, `${label} z`);
  expectClose(v.correlation, e.correlation, `${label} correlation`);
}

/** Feeds the series with a forming bar: each point first arrives perturbed, is replaced
 * twice, and settles on its final value — the live engine's pattern. */
function feed(r: RollingPair, y: ArrayLike<number>, x: ArrayLike<number>, upTo: number, from = 0): void {
  for (let i = from; i <= upTo; i++) {
    r.add(y[i] * 1.001, x[i] * 0.999);
    r.replace(y[i] * 0.998, x[i] * 1.002);
    r.replace(y[i], x[i]);
  }
}

describe('RollingPair (incremental) vs batch statsmodels/pandas windows', () => {
  it('matches W = 300 windows of the price-level synthetic pair', () => {
    const { y, x } = synth.cases[synth.rolling.case];
    const r = new RollingPair(synth.rolling.window);
    let fed = -1;
    for (const p of synth.rolling.points) {
      feed(r, y, x, p.end, fed + 1);
      fed = p.end;
      expect(r.isStable()).toBe(true);
      const v = r.getResult();
      expect(v.ok).toBe(true);
      if (v.ok) expectMatches(v, p, `end=${p.end}`);
    }
  });

  it('matches W = 3600 windows after ~260,000 updates on 86,400 BTC/ETH-like points', () => {
    const { y, x } = makeBenchPair(large.generator.n, large.generator.seed);
    const r = new RollingPair(large.rolling.window);
    let fed = -1;
    for (const p of large.rolling.points) {
      feed(r, y, x, p.end, fed + 1);
      fed = p.end;
      const v = r.getResult();
      expect(v.ok).toBe(true);
      if (v.ok) expectMatches(v, p, `end=${p.end}`);
    }
  });

  it('without periodic rebuilds the anchored sums still hold 1e-6 over 86,400 updates', () => {
    const { y, x } = makeBenchPair(large.generator.n, large.generator.seed);
    const r = new RollingPair(large.rolling.window, { recomputeEvery: Number.MAX_SAFE_INTEGER });
    const last = large.rolling.points[large.rolling.points.length - 1];
    for (let i = 0; i <= last.end; i++) r.add(y[i], x[i]);
    const v = r.getResult();
    expect(v.ok).toBe(true);
    if (v.ok) expectMatches(v, last, 'no-rebuild');
  });

  it('agrees with the batch functions while the window is still filling', () => {
    const { y, x } = synth.cases[synth.rolling.case];
    const r = new RollingPair(300);
    feed(r, y, x, 149);
    expect(r.isStable()).toBe(false);
    expect(r.length).toBe(150);
    const v = r.getResult();
    const ys = y.slice(0, 150);
    const xs = x.slice(0, 150);
    const b = ols(ys, xs);
    const c = logReturnCorrelation(ys, xs);
    expect(v.ok && b.ok && c.ok).toBe(true);
    if (!v.ok || !b.ok || !c.ok) return;
    const s = spreadSummary(spreadSeries(ys, xs, b.alpha, b.beta));
    if (!s.ok) throw new Error(s.message);
    expectClose(v.beta, b.beta, 'beta');
    expectClose(v.alpha, b.alpha, 'alpha');
    expectClose(v.r2, b.r2, 'r2');
    expectClose(v.z, s.z, 'z');
    expectClose(v.spreadStd, s.std, 'spreadStd');
    expectClose(v.correlation, c.value, 'correlation');
  });

  it('reports not_enough_data before three points and a flat window as degenerate', () => {
    const r = new RollingPair(5);
    r.add(10, 20);
    r.add(11, 21);
    const v = r.getResult();
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toBe('not_enough_data');
    const flat = new RollingPair(5);
    for (let i = 0; i < 6; i++) flat.add(10 + i, 20);
    const f = flat.getResult();
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.reason).toBe('degenerate_input');
  });

  it('replace on an empty indicator behaves as add; non-finite input throws', () => {
    const r = new RollingPair(4);
    r.replace(1, 2);
    expect(r.length).toBe(1);
    expect(() => r.add(Number.NaN, 1)).toThrow(RangeError);
    expect(() => new RollingPair(2)).toThrow(RangeError);
  });
});

describe('rollingPairSeries and log mode', () => {
  const { y, x } = synth.cases[synth.rolling.case]!;
  const ts = y.map((_, i) => i * 1000);

  it('draws one point per aligned time with a full window, equal to the batch window', () => {
    const W = 300;
    const s = rollingPairSeries({ ts, y, x }, W);
    expect(s.ts.length).toBe(y.length - W + 1);
    expect(s.ts[0]).toBe(ts[W - 1]);
    for (const p of synth.rolling.points) {
      const k = p.end - (W - 1);
      expectClose(s.beta[k], p.beta, `beta@${p.end}`);
      expectClose(s.z[k], p.z, `z@${p.end}`);
      expectClose(s.correlation[k], p.correlation, `corr@${p.end}`);
    }
  });

  it('log mode regresses ln(y) on ln(x) and keeps the correlation of log returns', () => {
    const W = 250;
    const r = new RollingPair(W, { log: true });
    for (let i = 0; i < 1000; i++) r.add(y[i]!, x[i]!);
    const v = r.getResult();
    const ly = y.slice(1000 - W, 1000).map(Math.log);
    const lx = x.slice(1000 - W, 1000).map(Math.log);
    const b = ols(ly, lx);
    const c = logReturnCorrelation(y.slice(1000 - W, 1000), x.slice(1000 - W, 1000));
    if (!v.ok || !b.ok || !c.ok) throw new Error('unexpected failure');
    const s = spreadSummary(spreadSeries(ly, lx, b.alpha, b.beta));
    if (!s.ok) throw new Error(s.message);
    expectClose(v.beta, b.beta, 'beta');
    expectClose(v.alpha, b.alpha, 'alpha');
    expectClose(v.r2, b.r2, 'r2');
    expectClose(v.z, s.z, 'z');
    expectClose(v.correlation, c.value, 'correlation');
    expect(() => r.add(-1, 2)).toThrow(RangeError);
  });
});
