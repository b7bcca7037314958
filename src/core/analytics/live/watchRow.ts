import type { AnalyticsSnapshot, PairSpec, RollingPoint } from '../../../shared/contract/analytics';
import type { WatchReason, WatchRow, WatchState } from '../../../shared/contract/watchlist';
import { timeframeMs } from '../../../shared/market';

/** Closed-bar z values a row's sparkline keeps (the contract's bound). */
export const SPARK_POINTS = 240;

/** What the engine holds of one followed pair: the input of its watchlist row. */
export interface FollowedFigures {
  readonly pair: PairSpec;
  readonly reasons: readonly WatchReason[];
  /** The latest rolling point (the forming bar's while one forms), null before any. */
  readonly latest: RollingPoint | null;
  /** Aligned points in the latest point's segment. */
  readonly points: number;
  /** Whether the current segment started after a break (not at the start of the history). */
  readonly afterBreak: boolean;
  /** Wall-clock ms of the last bar folded for either leg (null: none since following began). */
  readonly lastBarAt: number | null;
  readonly snapshot: AnalyticsSnapshot | null;
  /** Closed-bar z values, oldest first, at most SPARK_POINTS. */
  readonly spark: readonly (number | null)[];
}

/** No bar for longer than this much wall-clock time: the row says stale (the contract's rule). */
export function staleAfterMs(pair: PairSpec): number {
  return Math.max(10 * timeframeMs(pair.tf), 5 * 60_000);
}

/**
 * The row's state (see the contract's watchStateSchema): stale wins (no fresh bar whatever
 * the window holds), then broken (a segment restarted after a break and is not full yet),
 * then warming (fewer than W points), else live.
 */
export function watchStateOf(f: FollowedFigures, wallNow: number): WatchState {
  if (f.lastBarAt !== null && wallNow - f.lastBarAt > staleAfterMs(f.pair)) return 'stale';
  if (f.points < f.pair.window) return f.afterBreak ? 'broken' : 'warming';
  return 'live';
}

/** The watchlist row of a followed pair: the same figures the alerts judged and the charts show. */
export function watchRowOf(f: FollowedFigures, wallNow: number): WatchRow {
  const snap = f.snapshot?.ok ? f.snapshot : null;
  return {
    pair: f.pair,
    reasons: [...f.reasons],
    state: watchStateOf(f, wallNow),
    points: f.points,
    ts: f.latest?.ts ?? null,
    z: f.latest?.z ?? null,
    spread: f.latest?.spread ?? null,
    beta: f.latest?.beta ?? null,
    correlation: f.latest?.correlation ?? null,
    adfPvalue: snap?.value.adf?.pvalue ?? null,
    halfLife: snap?.value.halfLife ?? null,
    evaluatedAt: f.snapshot ? f.snapshot.computedAt : null,
    spark: f.spark.slice(-SPARK_POINTS),
  };
}
