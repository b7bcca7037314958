import { describe, expect, it } from 'vitest';
import { benchAdf, benchCoint, makeBenchPair } from '../../../../src/core/analytics/bench';
import { ols } from '../../../../src/core/analytics/ols';
import type { CritJson } from './fixtures';
import { P_ABS, expectClose, expectCrit, loadFixture } from './fixtures';

interface LargeFixture {
  generator: { n: number; seed: number };
  checksum: { ySum: number; xSum: number; yLast: number; xLast: number };
  adfY: { stat: number; pvalue: number; usedlag: number; nobs: number; crit: CritJson; icbest: number };
  coint: { stat: number; pvalue: number; crit: CritJson };
  ols: { alpha: number; beta: number; r2: number };
}

const fx = loadFixture<LargeFixture>('large.json');
// The 86,400-point input is regenerated from the seed on both sides (python ports the
// PRNG bit-exactly), so it never has to be committed.
const pair = makeBenchPair(fx.generator.n, fx.generator.seed);

describe('86,400 price-level points (the benchmark input) vs statsmodels', () => {
  it('regenerates the same series as the python port of the generator', () => {
    let ys = 0;
    let xs = 0;
    for (let i = 0; i < pair.y.length; i++) {
      ys += pair.y[i];
      xs += pair.x[i];
    }
    expectClose(ys, fx.checksum.ySum, 'ySum', 1e-12);
    expectClose(xs, fx.checksum.xSum, 'xSum', 1e-12);
    expectClose(pair.y[pair.y.length - 1], fx.checksum.yLast, 'yLast', 1e-12);
  });

  it('ADF with AIC lag search over lags 0..66', () => {
    const a = benchAdf(pair);
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.usedlag).toBe(fx.adfY.usedlag);
    expect(a.nobs).toBe(fx.adfY.nobs);
    expectClose(a.stat, fx.adfY.stat, 'stat');
    expectClose(a.pvalue, fx.adfY.pvalue, 'pvalue', 0, P_ABS);
    expectClose(a.icbest, fx.adfY.icbest, 'icbest');
    expectCrit(a.crit, fx.adfY.crit, 'adf');
  });

  it('Engle–Granger cointegration', () => {
    const c = benchCoint(pair);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expectClose(c.stat, fx.coint.stat, 'stat');
    expectClose(c.pvalue, fx.coint.pvalue, 'pvalue', 0, P_ABS);
    expectCrit(c.crit, fx.coint.crit, 'coint');
  });

  it('OLS over the whole series', () => {
    const o = ols(pair.y, pair.x);
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expectClose(o.alpha, fx.ols.alpha, 'alpha');
    expectClose(o.beta, fx.ols.beta, 'beta');
    expectClose(o.r2, fx.ols.r2, 'r2');
  });
});
