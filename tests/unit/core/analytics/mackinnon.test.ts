import { describe, expect, it } from 'vitest';
import { mackinnoncrit, mackinnonp } from '../../../../src/core/analytics/mackinnon';
import { normCdf } from '../../../../src/core/analytics/normal';
import { expectClose, loadFixture } from './fixtures';

interface MacKinnonFixture {
  pvalues: { regression: 'c' | 'n'; N: number; stat: number; p: number }[];
  crit: { regression: 'c' | 'n'; N: number; nobs: number; crit: [number, number, number] }[];
  normCdf: { z: number; cdf: number }[];
}

const fx = loadFixture<MacKinnonFixture>('mackinnon.json');

describe('MacKinnon tables (vs statsmodels.tsa.adfvalues)', () => {
  it('normal CDF matches scipy.stats.norm.cdf to 1e-14 absolute', () => {
    for (const { z, cdf } of fx.normCdf) expectClose(normCdf(z), cdf, `normCdf(${z})`, 0, 1e-14);
  });

  it('approximate p-values (1994) match on a grid across both regimes and the cut-offs', () => {
    for (const r of fx.pvalues) {
      expectClose(
        mackinnonp(r.stat, r.regression, r.N),
        r.p,
        `mackinnonp(${r.stat}, ${r.regression}, N=${r.N})`,
        0,
        1e-12,
      );
    }
  });

  it('critical values (2010) match for finite sample sizes', () => {
    for (const r of fx.crit) {
      const c = mackinnoncrit(r.N, r.regression, r.nobs);
      expectClose(c['1%'], r.crit[0], `crit 1% N=${r.N} ${r.regression} nobs=${r.nobs}`, 1e-12);
      expectClose(c['5%'], r.crit[1], `crit 5% N=${r.N} ${r.regression} nobs=${r.nobs}`, 1e-12);
      expectClose(c['10%'], r.crit[2], `crit 10% N=${r.N} ${r.regression} nobs=${r.nobs}`, 1e-12);
    }
  });

  it('rejects series counts it has no table for', () => {
    expect(() => mackinnonp(-3, 'c', 7)).toThrow(RangeError);
    expect(() => mackinnoncrit(2, 'n', 100)).toThrow(RangeError);
  });
});
