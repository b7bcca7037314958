import type { CriticalValues, Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';
import { olsDetail } from './ols';
import { adfuller } from './adf';
import { mackinnoncrit, mackinnonp } from './mackinnon';

export interface CointFit {
  /** ADF t-statistic of the cointegrating-regression residuals. */
  readonly stat: number;
  /** MacKinnon (1994) p-value for N = 2 series with a constant. */
  readonly pvalue: number;
  /** MacKinnon (2010) N = 2 critical values at nobs − 1 (as statsmodels, after Stata). */
  readonly crit: CriticalValues;
  readonly usedlag: number;
}

/** sqrt(float64 eps), statsmodels' SQRTEPS. */
const SQRTEPS = Math.sqrt(2.220446049250313e-16);

/**
 * Engle–Granger test, reproducing statsmodels `coint(y, x, trend='c', method='aeg',
 * autolag='aic')`: OLS of y on [x, 1], then `adfuller(resid, regression='n')` with the
 * default maxlag and AIC search, and the N = 2 MacKinnon p-value and critical values.
 * statsmodels reports −inf when R² ≥ 1 − 100·√eps; that case is `degenerate_input` here.
 */
export function coint(y: Series, x: Series): Result<CointFit> {
  const reg = olsDetail(y, x);
  if (!reg.ok) return reg;
  if (!(reg.r2 < 1 - 100 * SQRTEPS)) {
    return fail('degenerate_input', 'y and x are (almost) perfectly collinear: the cointegration test is not reliable');
  }
  const n = y.length;
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = y[i] - reg.alpha - reg.beta * x[i];
  const adf = adfuller(resid, { regression: 'n' });
  if (!adf.ok) return adf;
  return {
    ok: true,
    stat: adf.stat,
    pvalue: mackinnonp(adf.stat, 'c', 2),
    crit: mackinnoncrit(2, 'c', n - 1),
    usedlag: adf.usedlag,
  };
}
