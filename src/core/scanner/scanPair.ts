import { coint } from '../analytics/coint';
import { pearson } from '../analytics/correlation';
import { halfLife } from '../analytics/halfLife';
import { olsDetail } from '../analytics/ols';
import { spreadSeries, spreadSummary } from '../analytics/spread';
import { alignLegs, type ScanLeg } from './legs';
import { meanCrossings } from './spreadShape';
import type { PairOutcome, ScanOptions } from './types';

/**
 * Steps 1–5 of ../shared/specs/scanner.md for one unordered pair (a < b by name): align on
 * ln close, apply the coverage and size filters, then correlation, Engle–Granger both ways,
 * and the spread's shape in the better direction. A pair whose statistics are undefined
 * (a constant leg, perfectly collinear legs) is excluded with the reason, never tested.
 */
export function scanPair(a: ScanLeg, b: ScanLeg, opts: ScanOptions): PairOutcome {
  const excluded = (reason: string): PairOutcome => ({ excluded: { a: a.symbol, b: b.symbol, reason } });
  if (a.problem) return excluded(a.problem);
  if (b.problem) return excluded(b.problem);
  const al = alignLegs(a, b);
  const n = al.ts.length;
  if (n === 0) return excluded('points: no aligned points (the legs never both have a value)');
  const covA = al.ownA / n;
  const covB = al.ownB / n;
  if (covA < opts.minCoverage || covB < opts.minCoverage) {
    const [sym, cov] = covA <= covB ? [a.symbol, covA] : [b.symbol, covB];
    return excluded(
      `coverage: ${sym} has its own bar in ${fmtShare(cov)} of ${n} aligned intervals (min ${opts.minCoverage})`,
    );
  }
  if (n < opts.minPoints) return excluded(`points: ${n} aligned points (min ${opts.minPoints})`);

  const ra = diffs(al.a);
  const rb = diffs(al.b);
  const corr = pearson(ra, rb);
  if (!corr.ok) return excluded(`degenerate: ${corr.message}`);
  const ab = coint(al.a, al.b);
  if (!ab.ok) return excluded(`degenerate: ${ab.message}`);
  const ba = coint(al.b, al.a);
  if (!ba.ok) return excluded(`degenerate: ${ba.message}`);

  const aOnB = ab.pvalue <= ba.pvalue;
  const [ly, lx] = aOnB ? [al.a, al.b] : [al.b, al.a];
  const fit = olsDetail(ly, lx);
  if (!fit.ok) return excluded(`degenerate: ${fit.message}`);
  const s = spreadSeries(ly, lx, fit.alpha, fit.beta);
  const z = spreadSummary(s);
  if (!z.ok) return excluded(`degenerate: ${z.message}`);
  const hl = halfLife(s);
  return {
    tested: {
      a: a.symbol,
      b: b.symbol,
      y: aOnB ? a.symbol : b.symbol,
      x: aOnB ? b.symbol : a.symbol,
      n,
      corr: corr.value,
      coint: { ab: { stat: ab.stat, pvalue: ab.pvalue }, ba: { stat: ba.stat, pvalue: ba.pvalue } },
      pvalue: Math.min(1, 2 * Math.min(ab.pvalue, ba.pvalue)),
      beta: fit.beta,
      alpha: fit.alpha,
      halfLife: hl.ok ? hl.halfLife : null,
      zLast: z.z,
      crossings: meanCrossings(s),
    },
  };
}

/** Log returns of a ln-close series: its first differences. */
function diffs(v: Float64Array): Float64Array {
  const r = new Float64Array(Math.max(0, v.length - 1));
  for (let i = 1; i < v.length; i++) r[i - 1] = v[i]! - v[i - 1]!;
  return r;
}

function fmtShare(v: number): string {
  return `${(Math.floor(v * 1000) / 10).toFixed(1)}%`;
}
