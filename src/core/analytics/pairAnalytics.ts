import type { BarLike, CriticalValues, FailureReason } from './types';
import { fail } from './types';
import { alignPair, sliceWindow } from './align';
import { barsInRange, symbolStats } from './stats';
import type { SymbolStats } from './stats';
import { olsDetail } from './ols';
import { spreadSeries, spreadSummary } from './spread';
import { logReturnCorrelation } from './correlation';
import { adfuller } from './adf';
import { coint } from './coint';
import { halfLife } from './halfLife';
import { kalmanHedge } from './kalman';
import type { KalmanOptions } from './kalman';
import { huber, theilSen } from './robust';

export interface PairAnalyticsOptions {
  /** Evaluation time (ms): the window ends at the last aligned point with ts ≤ to. */
  readonly to?: number;
  readonly tf?: string;
  /** Symbols; default from the bars' `symbol` fields. */
  readonly ySymbol?: string;
  readonly xSymbol?: string;
  /** Regressions on ln(price) instead of raw prices (specs: optional log mode). */
  readonly log?: boolean;
  readonly kalman?: KalmanOptions;
  /**
   * Leave the robust estimates out (null, with an issue saying so). Theil–Sen on a day of
   * 1s bars takes about a second; live snapshots of such windows skip it so ADF and coint
   * keep their once-a-second cadence, and on-demand evaluations still compute it.
   */
  readonly skipRobust?: boolean;
}

export type StatsJson = Omit<SymbolStats, never>;

/** Exactly the `tickscope analyze --json` shape (specs/cli.md). A figure that cannot be
 * computed is null; `PairAnalyticsOk.issues` says why. */
export interface PairAnalytics {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  readonly window: number;
  readonly n: number;
  readonly end: number;
  readonly stats: Record<string, StatsJson | null>;
  readonly ols: { alpha: number; beta: number; r2: number } | null;
  readonly spread: { last: number; mean: number; std: number; z: number } | null;
  readonly correlation: number | null;
  readonly adf: {
    stat: number;
    pvalue: number;
    usedlag: number;
    nobs: number;
    crit: CriticalValues;
    icbest: number | null;
  } | null;
  readonly coint: { stat: number; pvalue: number; crit: CriticalValues } | null;
  readonly halfLife: number | null;
  readonly kalman: { beta: number; alpha: number; error: number; errorStd: number; betaLog: number; alphaLog: number } | null;
  readonly robust: {
    theilSen: { alpha: number; beta: number } | null;
    huber: { alpha: number; beta: number } | null;
  };
}

export interface PairAnalyticsIssue {
  readonly reason: FailureReason;
  readonly message: string;
}

export interface PairAnalyticsOk {
  readonly ok: true;
  /** Print this for `--json`. */
  readonly value: PairAnalytics;
  /** Why each null figure is null, keyed by the JSON field ('ols', 'adf', 'stats.BTCUSDT', …). */
  readonly issues: Readonly<Record<string, PairAnalyticsIssue>>;
}

export interface PairAnalyticsShort {
  readonly ok: false;
  readonly reason: 'not_enough_data';
  /** e.g. "only 120 aligned points, window needs 300" (the CLI prints it and exits 1). */
  readonly message: string;
  /** Aligned points available up to the evaluation time. */
  readonly available: number;
}

/**
 * Every analytic of specs/analytics.md on the W aligned points ending at `opts.to`
 * (default: the latest). Bars of each leg must be one timeframe, ascending by ts.
 */
export function pairAnalytics(
  yBars: readonly BarLike[],
  xBars: readonly BarLike[],
  window: number,
  opts: PairAnalyticsOptions = {},
): PairAnalyticsOk | PairAnalyticsShort {
  const pair = alignPair(yBars, xBars);
  const win = sliceWindow(pair, window, opts.to);
  const n = win.ts.length;
  const available = opts.to === undefined ? pair.ts.length : countUpTo(pair.ts, opts.to);
  if (n < window || window < 1) {
    return {
      ok: false,
      reason: 'not_enough_data',
      message: `only ${available} aligned points, window needs ${window}`,
      available,
    };
  }
  const ySym = opts.ySymbol ?? yBars[0]?.symbol ?? 'y';
  const xSym = opts.xSymbol ?? xBars[0]?.symbol ?? 'x';
  const issues: Record<string, PairAnalyticsIssue> = {};
  const note = (key: string, r: { reason: FailureReason; message: string }): null => {
    issues[key] = { reason: r.reason, message: r.message };
    return null;
  };
  const from = win.ts[0];
  const end = win.ts[n - 1];

  const stats: Record<string, StatsJson | null> = {};
  for (const [sym, bars] of [
    [ySym, yBars],
    [xSym, xBars],
  ] as const) {
    const r = symbolStats(barsInRange(bars, from, end));
    stats[sym] = r.ok ? stripOk(r) : note(`stats.${sym}`, r);
  }

  const yv = opts.log ? win.y.map(Math.log) : win.y;
  const xv = opts.log ? win.x.map(Math.log) : win.x;

  const fit = olsDetail(yv, xv);
  let olsJson: PairAnalytics['ols'] = null;
  let spreadJson: PairAnalytics['spread'] = null;
  let adfJson: PairAnalytics['adf'] = null;
  let half: number | null = null;
  if (fit.ok) {
    olsJson = { alpha: fit.alpha, beta: fit.beta, r2: fit.r2 };
    const s = spreadSeries(yv, xv, fit.alpha, fit.beta);
    const sum = spreadSummary(s);
    spreadJson = sum.ok ? { last: sum.last, mean: sum.mean, std: sum.std, z: sum.z } : note('spread', sum);
    const adf = adfuller(s, { regression: 'c' });
    adfJson = adf.ok
      ? { stat: adf.stat, pvalue: adf.pvalue, usedlag: adf.usedlag, nobs: adf.nobs, crit: adf.crit, icbest: adf.icbest }
      : note('adf', adf);
    const hl = halfLife(s);
    if (hl.ok) {
      half = hl.halfLife;
      if (half === null) note('halfLife', { reason: 'degenerate_input', message: 'no mean reversion (b ≥ 0)' });
    } else note('halfLife', hl);
  } else {
    note('ols', fit);
    note('spread', fit);
    note('adf', fit);
    note('halfLife', fit);
  }

  const corr = logReturnCorrelation(win.y, win.x);
  const ci = coint(yv, xv);
  // On the window's prices in every mode: the filter takes logs itself (../shared/specs/analytics.md).
  const kf = kalmanHedge(win.y, win.x, { ...opts.kalman, log: opts.log });
  const skipped = fail('too_large', 'robust estimates are left out of live updates for windows this large; request a snapshot to compute them');
  const ts = opts.skipRobust ? skipped : theilSen(yv, xv);
  const hu = opts.skipRobust ? skipped : huber(yv, xv);

  const value: PairAnalytics = {
    y: ySym,
    x: xSym,
    tf: opts.tf ?? '',
    window,
    n,
    end,
    stats,
    ols: olsJson,
    spread: spreadJson,
    correlation: corr.ok ? corr.value : note('correlation', corr),
    adf: adfJson,
    coint: ci.ok ? { stat: ci.stat, pvalue: ci.pvalue, crit: ci.crit } : note('coint', ci),
    halfLife: half,
    kalman: kf.ok
      ? { beta: kf.beta, alpha: kf.alpha, error: kf.error, errorStd: kf.errorStd, betaLog: kf.betaLog, alphaLog: kf.alphaLog }
      : note('kalman', kf),
    robust: {
      theilSen: ts.ok ? { alpha: ts.alpha, beta: ts.beta } : note('robust.theilSen', ts),
      huber: hu.ok ? { alpha: hu.alpha, beta: hu.beta } : note('robust.huber', hu),
    },
  };
  return { ok: true, value, issues };
}

function countUpTo(ts: readonly number[], to: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] <= to) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function stripOk(r: { ok: true } & SymbolStats): SymbolStats {
  return { last: r.last, mean: r.mean, std: r.std, high: r.high, low: r.low, vwap: r.vwap, return: r.return };
}
