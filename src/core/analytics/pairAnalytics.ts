import type { BarLike, CriticalValues, FailureReason } from './types';
import { fail } from './types';
import { TIMEFRAMES, timeframeMs, type Timeframe } from '../../shared/market';
import { alignPair } from './align';
import { BreakIndex, segmentEndingBefore, splitSegments, type GapSpan } from './breaks';
import { barsInRange, symbolStats } from './stats';
import type { SymbolStats } from './stats';
import { olsDetail } from './ols';
import { spreadSummary } from './spread';
import { normalizeSpread, usesLogPrices, windowSpread, type HedgeMethod, type SpreadMode } from './spreadDefinition';
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
  /** The bars' timeframe; a known one (1s … 1d) turns on break detection (breaks.ts). */
  readonly tf?: string;
  /** Unfilled gaps of either leg (trade times): breaks besides silences. Needs `tf`. */
  readonly gaps?: readonly GapSpan[];
  /** Symbols; default from the bars' `symbol` fields. */
  readonly ySymbol?: string;
  readonly xSymbol?: string;
  /** The spread definition (spreadDefinition.ts); default raw prices, OLS hedge. */
  readonly mode?: SpreadMode;
  readonly hedge?: HedgeMethod;
  /** Older spelling of `mode: 'log'` (kept for callers that predate the spread modes). */
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

/** Exactly the `tickscope analyze --json` shape (../shared/specs/cli.md). A figure that cannot be
 * computed is null; `PairAnalyticsOk.issues` says why. */
export interface PairAnalytics {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  readonly window: number;
  /** The spread definition the spread, ADF and half-life use (spreadDefinition.ts). */
  readonly mode: SpreadMode;
  readonly hedge: HedgeMethod;
  /** The spread's hedge line: ratio alpha 0, beta 1; kalman its last state. */
  readonly hedgeRatio: { alpha: number; beta: number } | null;
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
  readonly kalman: {
    beta: number;
    alpha: number;
    error: number;
    errorStd: number;
    betaLog: number;
    alphaLog: number;
  } | null;
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
  /** Time of the window's first aligned point (`value.end` is its last). */
  readonly windowStart: number;
}

export interface PairAnalyticsShort {
  readonly ok: false;
  readonly reason: 'not_enough_data';
  /** e.g. "only 120 aligned points, window needs 300", or "only 212 aligned points since
   * the break at 2024-08-08T23:54:16Z (window 500)" (the CLI prints it and exits 1). */
  readonly message: string;
  /** Aligned points available up to the evaluation time (since the last break before it). */
  readonly available: number;
  /** First point after that break (ms); absent when no break precedes the evaluation time. */
  readonly since?: number;
}

/**
 * Every analytic of ../shared/specs/analytics.md on the W aligned points ending at `opts.to`
 * (default: the latest). Bars of each leg must be one timeframe, ascending by ts. With a
 * known `opts.tf` the window never spans a break: it is taken from the segment after the
 * last break before `to`, and fewer than W points there is "not enough data".
 */
export function pairAnalytics(
  yBars: readonly BarLike[],
  xBars: readonly BarLike[],
  window: number,
  opts: PairAnalyticsOptions = {},
): PairAnalyticsOk | PairAnalyticsShort {
  const pair = alignPair(yBars, xBars);
  const upTo = opts.to === undefined ? pair.ts.length : countUpTo(pair.ts, opts.to);
  const tfMs = isTimeframe(opts.tf) ? timeframeMs(opts.tf) : null;
  const seg =
    tfMs === null
      ? { start: 0, end: upTo }
      : segmentEndingBefore(splitSegments(pair.ts, new BreakIndex(tfMs, opts.gaps), pair.legs), upTo);
  const available = seg ? seg.end - seg.start : 0;
  if (available < window || window < 1) {
    // Points before the segment were cut off by a break (or all of them lie in a gap).
    const since = seg && seg.start > 0 ? pair.ts[seg.start]! : undefined;
    const brokeOff = available < upTo;
    return {
      ok: false,
      reason: 'not_enough_data',
      message: brokeOff
        ? `only ${available} aligned points since the break${since !== undefined ? ` at ${isoSeconds(since)}` : ''} (window ${window})`
        : `only ${available} aligned points, window needs ${window}`,
      available,
      ...(since !== undefined ? { since } : {}),
    };
  }
  const from0 = seg!.end - window;
  const win = {
    ts: pair.ts.slice(from0, seg!.end),
    y: pair.y.slice(from0, seg!.end),
    x: pair.x.slice(from0, seg!.end),
  };
  const n = win.ts.length;
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

  const def = normalizeSpread(opts.mode ?? (opts.log ? 'log' : 'raw'), opts.hedge);
  const logs = usesLogPrices(def.mode);
  const yv = logs ? win.y.map(Math.log) : win.y;
  const xv = logs ? win.x.map(Math.log) : win.x;

  // OLS of the mode's values is reported in every definition; the spread uses the chosen hedge.
  const fit = olsDetail(yv, xv);
  const olsJson: PairAnalytics['ols'] = fit.ok ? { alpha: fit.alpha, beta: fit.beta, r2: fit.r2 } : note('ols', fit);
  const ws = windowSpread(win.y, win.x, def, opts.kalman);
  let spreadJson: PairAnalytics['spread'] = null;
  let adfJson: PairAnalytics['adf'] = null;
  let half: number | null = null;
  if (ws.ok) {
    const s = ws.spread;
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
    note('hedgeRatio', ws);
    note('spread', ws);
    note('adf', ws);
    note('halfLife', ws);
  }

  const corr = logReturnCorrelation(win.y, win.x);
  const ci = coint(yv, xv);
  // On the window's prices in every mode: the filter takes logs itself (../shared/specs/analytics.md).
  const kf = kalmanHedge(win.y, win.x, { ...opts.kalman, log: logs });
  const skipped = fail(
    'too_large',
    'robust estimates are left out of live updates for windows this large; request a snapshot to compute them',
  );
  // A Theil–Sen hedge already fitted the line: the robust figure is that same fit.
  const ts =
    def.hedge === 'theil-sen' && ws.ok
      ? { ok: true as const, alpha: ws.alpha, beta: ws.beta }
      : opts.skipRobust
        ? skipped
        : theilSen(yv, xv);
  const hu = opts.skipRobust ? skipped : huber(yv, xv);

  const value: PairAnalytics = {
    y: ySym,
    x: xSym,
    tf: opts.tf ?? '',
    window,
    mode: def.mode,
    hedge: def.hedge,
    hedgeRatio: ws.ok ? { alpha: ws.alpha, beta: ws.beta } : null,
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
      ? {
          beta: kf.beta,
          alpha: kf.alpha,
          error: kf.error,
          errorStd: kf.errorStd,
          betaLog: kf.betaLog,
          alphaLog: kf.alphaLog,
        }
      : note('kalman', kf),
    robust: {
      theilSen: ts.ok ? { alpha: ts.alpha, beta: ts.beta } : note('robust.theilSen', ts),
      huber: hu.ok ? { alpha: hu.alpha, beta: hu.beta } : note('robust.huber', hu),
    },
  };
  return { ok: true, value, issues, windowStart: from };
}

function isTimeframe(tf: string | undefined): tf is Timeframe {
  return tf !== undefined && (TIMEFRAMES as readonly string[]).includes(tf);
}

/** ISO 8601 in UTC, whole seconds without the ".000" (how the CLI names a time). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
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
