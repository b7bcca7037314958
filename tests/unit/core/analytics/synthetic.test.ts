import { describe, expect, it } from 'vitest';
import { adfuller } from '../../../../src/core/analytics/adf';
import { coint } from '../../../../src/core/analytics/coint';
import { logReturnCorrelation } from '../../../../src/core/analytics/correlation';
import { halfLife } from '../../../../src/core/analytics/halfLife';
import { kalmanHedge } from '../../../../src/core/analytics/kalman';
import { ols } from '../../../../src/core/analytics/ols';
import { huber, theilSen } from '../../../../src/core/analytics/robust';
import { spreadSeries, spreadSummary } from '../../../../src/core/analytics/spread';
import type { PairExpected } from './fixtures';
import { P_ABS, expectClose, expectCrit, loadFixture } from './fixtures';

interface SyntheticFixture {
  cases: Record<string, { y: number[]; x: number[]; expected: PairExpected & { adfY: PairExpected['adf'] } }>;
}

const fx = loadFixture<SyntheticFixture>('synthetic.json');

function expectAdf(actual: ReturnType<typeof adfuller>, e: PairExpected['adf'], label: string): void {
  expect(actual.ok, `${label}: ${actual.ok ? '' : actual.message}`).toBe(true);
  if (!actual.ok) return;
  expect(actual.usedlag, `${label}.usedlag`).toBe(e.usedlag);
  expect(actual.nobs, `${label}.nobs`).toBe(e.nobs);
  expectClose(actual.stat, e.stat, `${label}.stat`);
  expectClose(actual.pvalue, e.pvalue, `${label}.pvalue`, 0, P_ABS);
  expectClose(actual.icbest, e.icbest, `${label}.icbest`);
  expectCrit(actual.crit, e.crit, label);
}

describe.each(Object.keys(fx.cases))('synthetic case %s (vs statsmodels / scipy / pandas)', (name) => {
  const { y, x, expected: e } = fx.cases[name];

  it('OLS hedge ratio, spread and z-score', () => {
    const fit = ols(y, x);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expectClose(fit.alpha, e.ols.alpha, 'alpha');
    expectClose(fit.beta, e.ols.beta, 'beta');
    expectClose(fit.r2, e.ols.r2, 'r2');
    const s = spreadSummary(spreadSeries(y, x, fit.alpha, fit.beta));
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expectClose(s.last, e.spread.last, 'spread.last', 1e-6, 1e-9 * e.spread.std);
    // The residual mean of OLS with intercept is 0 in exact arithmetic; statsmodels' pinv on
    // raw price levels leaves ~1e-8 of rounding in it, so compare on the spread's own scale.
    expectClose(s.mean, e.spread.mean, 'spread.mean', 0, 1e-6 * e.spread.std);
    expectClose(s.std, e.spread.std, 'spread.std');
    expectClose(s.z, e.spread.z, 'spread.z');
  });

  it('correlation of log returns', () => {
    const c = logReturnCorrelation(y, x);
    expect(c.ok).toBe(true);
    if (c.ok) expectClose(c.value, e.correlation, 'correlation');
  });

  it('ADF on the spread, including the AIC lag search', () => {
    const fit = ols(y, x);
    if (!fit.ok) throw new Error(fit.message);
    expectAdf(adfuller(spreadSeries(y, x, fit.alpha, fit.beta)), e.adf, 'adf');
  });

  it('ADF on the raw y leg (level data)', () => {
    expectAdf(adfuller(y), e.adfY, 'adfY');
  });

  it('Engle–Granger cointegration', () => {
    const c = coint(y, x);
    if (e.coint === null) {
      expect(c.ok).toBe(false);
      return;
    }
    expect(c.ok, c.ok ? '' : c.message).toBe(true);
    if (!c.ok) return;
    expectClose(c.stat, e.coint.stat, 'coint.stat');
    expectClose(c.pvalue, e.coint.pvalue, 'coint.pvalue', 0, P_ABS);
    expectCrit(c.crit, e.coint.crit, 'coint');
  });

  it('half-life of mean reversion', () => {
    const fit = ols(y, x);
    if (!fit.ok) throw new Error(fit.message);
    const h = halfLife(spreadSeries(y, x, fit.alpha, fit.beta));
    expect(h.ok).toBe(true);
    if (h.ok) expectClose(h.halfLife, e.halfLife, 'halfLife');
  });

  it('Kalman hedge ratio (E. Chan, on log prices from the window OLS fit)', () => {
    const k = kalmanHedge(y, x);
    expect(k.ok).toBe(true);
    if (!k.ok) return;
    expectClose(k.beta, e.kalman.beta, 'kalman.beta (raw units)');
    expectClose(k.betaLog, e.kalman.betaLog, 'kalman.betaLog');
    expectClose(k.alphaLog, e.kalman.alphaLog, 'kalman.alphaLog');
    expectClose(k.alpha, e.kalman.alpha, 'kalman.alpha');
    expectClose(k.error, e.kalman.error, 'kalman.error');
    expectClose(k.errorStd, e.kalman.errorStd, 'kalman.errorStd');
    // Log mode reports the filter's own slope.
    const logMode = kalmanHedge(y, x, { log: true });
    expect(logMode.ok && logMode.beta).toBe(k.betaLog);
  });

  it('robust hedge ratios: Theil–Sen and Huber RLM', () => {
    const t = theilSen(y, x);
    expect(t.ok).toBe(true);
    if (t.ok && e.robust.theilSen) {
      expectClose(t.beta, e.robust.theilSen.beta, 'theilSen.beta');
      expectClose(t.alpha, e.robust.theilSen.alpha, 'theilSen.alpha');
    }
    // The large-window path (bisection + inversion counting), forced on the same input.
    const tl = theilSen(y, x, { exactMaxPoints: 0 });
    expect(tl.ok).toBe(true);
    if (tl.ok && e.robust.theilSen) {
      expectClose(tl.beta, e.robust.theilSen.beta, 'theilSen(large path).beta');
      expectClose(tl.alpha, e.robust.theilSen.alpha, 'theilSen(large path).alpha');
    }
    const h = huber(y, x);
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expectClose(h.beta, e.robust.huber.beta, 'huber.beta');
    expectClose(h.alpha, e.robust.huber.alpha, 'huber.alpha');
  });
});
