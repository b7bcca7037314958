import { describe, expect, it } from 'vitest';
import { adfuller } from '../../../../src/core/analytics/adf';
import { coint } from '../../../../src/core/analytics/coint';
import type { PairExpected } from './fixtures';
import { P_ABS, expectClose, expectCrit, loadFixture } from './fixtures';

interface SyntheticFixture {
  cases: Record<string, { y: number[]; x: number[] }>;
  small: {
    case: string;
    windows: { n: number; adf: PairExpected['adf']; coint: PairExpected['coint'] | 'error' }[];
  };
}
const fx = loadFixture<SyntheticFixture>('synthetic.json');
const { y, x } = fx.cases[fx.small.case]!;

describe('short windows: default maxlag and the smallest samples (vs statsmodels)', () => {
  it.each(fx.small.windows.map((w) => [w.n, w] as const))('ADF on %i points', (n, w) => {
    const a = adfuller(y.slice(0, n));
    expect(a.ok, a.ok ? '' : a.message).toBe(true);
    if (!a.ok) return;
    expect(a.usedlag).toBe(w.adf.usedlag);
    expect(a.nobs).toBe(w.adf.nobs);
    expectClose(a.stat, w.adf.stat, 'stat');
    expectClose(a.pvalue, w.adf.pvalue, 'pvalue', 0, P_ABS);
    expectCrit(a.crit, w.adf.crit, 'adf');
  });

  it.each(fx.small.windows.map((w) => [w.n, w] as const))('coint on %i points', (n, w) => {
    const c = coint(y.slice(0, n), x.slice(0, n));
    // statsmodels returns a statistic of exactly 0 when the residual regression fits its
    // few points perfectly (0/0 guarded to 0); there is no test statistic, so we refuse.
    if (w.coint === 'error' || w.coint === null || w.coint.stat === 0) {
      expect(c.ok).toBe(false);
      return;
    }
    expect(c.ok, c.ok ? '' : c.message).toBe(true);
    if (!c.ok) return;
    expectClose(c.stat, w.coint.stat, 'stat');
    expectClose(c.pvalue, w.coint.pvalue, 'pvalue', 0, P_ABS);
    expectCrit(c.crit, w.coint.crit, 'coint');
  });

  it('refuses three points (statsmodels raises: no room for the regression)', () => {
    const a = adfuller(y.slice(0, 3));
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.reason).toBe('not_enough_data');
  });
});
