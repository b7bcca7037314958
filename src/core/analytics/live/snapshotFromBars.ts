import type { AnalyticsSnapshot, PairSpec } from '../../../shared/contract/analytics';
import type { GapSpan } from '../breaks';
import { pairAnalytics, type PairAnalyticsOk, type PairAnalyticsShort } from '../pairAnalytics';
import type { BarLike } from '../types';
import { sanitizeAnalytics } from './sanitize';

/** A monotonic clock in ms for computeMs (the engine passes performance.now; core has none). */
export type Clock = () => number;

/** The snapshot and the raw result it came from (snapshotFromStore reads windowStart / since). */
export interface Evaluation {
  snapshot: AnalyticsSnapshot;
  result: PairAnalyticsOk | PairAnalyticsShort;
}

/**
 * Every analytic on the W aligned points ending at `to`, as the contract's snapshot.
 * The legs' bars must hold at least their last W bars up to `to` (or all of them): the last
 * W points of the union axis then have exactly the carried-forward values full history
 * would give, which is why neither the CLI nor the worker ever loads more than W per leg.
 * The window never spans a break (a long silence or one of `gaps`, see core breaks.ts).
 */
export function snapshotFromBars(
  spec: PairSpec,
  yBars: readonly BarLike[],
  xBars: readonly BarLike[],
  to: number | undefined,
  clock: Clock = Date.now,
  skipRobust = false,
  gaps: readonly GapSpan[] = [],
): AnalyticsSnapshot {
  return evaluatePair(spec, yBars, xBars, to, clock, skipRobust, gaps).snapshot;
}

/** snapshotFromBars with the raw result beside it. */
export function evaluatePair(
  spec: PairSpec,
  yBars: readonly BarLike[],
  xBars: readonly BarLike[],
  to: number | undefined,
  clock: Clock,
  skipRobust: boolean,
  gaps: readonly GapSpan[],
): Evaluation {
  const started = clock();
  const r = pairAnalytics(yBars, xBars, spec.window, { tf: spec.tf, ySymbol: spec.y, xSymbol: spec.x, to, skipRobust, gaps });
  const computeMs = Math.max(0, clock() - started);
  if (!r.ok) {
    const snapshot: AnalyticsSnapshot = {
      ok: false,
      pair: spec,
      reason: r.reason,
      message: r.message,
      available: r.available,
      computedAt: Date.now(),
    };
    return { result: r, snapshot };
  }
  const issues: Record<string, { reason: string; message: string }> = { ...r.issues };
  const value = sanitizeAnalytics(r.value, issues);
  return { result: r, snapshot: { ok: true, pair: spec, value, issues, computedAt: Date.now(), computeMs } };
}
