import { pairAnalytics, type BarLike } from '../../core/analytics/index';
import type { AnalyticsSnapshot, PairSpec } from '../../shared/contract';
import { legBars, type BarReader } from './barReader';
import { sanitizeAnalytics } from './sanitize';

/**
 * Every analytic on the W aligned points ending at `to`, as the contract's snapshot.
 * The legs' bars must hold at least their last W bars up to `to` (or all of them): the last
 * W points of the union axis then have exactly the carried-forward values full history
 * would give, which is why neither the CLI nor the worker ever loads more than W per leg.
 */
export function snapshotFromBars(
  spec: PairSpec,
  yBars: readonly BarLike[],
  xBars: readonly BarLike[],
  to: number | undefined,
  clock: () => number = performance.now.bind(performance),
  skipRobust = false,
): AnalyticsSnapshot {
  const started = clock();
  const r = pairAnalytics(yBars, xBars, spec.window, { tf: spec.tf, ySymbol: spec.y, xSymbol: spec.x, to, skipRobust });
  const computeMs = Math.max(0, clock() - started);
  if (!r.ok) return { ok: false, pair: spec, reason: r.reason, message: r.message, available: r.available, computedAt: Date.now() };
  const issues: Record<string, { reason: string; message: string }> = { ...r.issues };
  const value = sanitizeAnalytics(r.value, issues);
  return { ok: true, pair: spec, value, issues, computedAt: Date.now(), computeMs };
}

/** The snapshot read from a store: W bars per leg, or all of them when that is too few,
 * so a "not enough data" answer counts every aligned point that exists. */
export function snapshotFromStore(reader: BarReader, spec: PairSpec, to?: number): AnalyticsSnapshot {
  const y = legBars(reader, spec.y, spec.tf, to, spec.window);
  const x = legBars(reader, spec.x, spec.tf, to, spec.window);
  const snap = snapshotFromBars(spec, y, x, to);
  if (snap.ok || (y.length < spec.window && x.length < spec.window)) return snap;
  return snapshotFromBars(spec, legBars(reader, spec.y, spec.tf, to), legBars(reader, spec.x, spec.tf, to), to);
}
