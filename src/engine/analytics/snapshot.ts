import { evaluatePair, snapshotFromBars } from '../../core/analytics/live/snapshotFromBars';
import type { BarLike } from '../../core/analytics/index';
import type { AnalyticsSnapshot, PairSpec } from '../../shared/contract';
import { legBars, pairGaps, type BarReader } from './barReader';

/**
 * The snapshot read from a store: W bars per leg, or all of them when that is too few,
 * so a "not enough data" answer counts every aligned point that exists. A break inside the
 * last W bars already says how many points follow it: no need to read further back.
 *
 * What the W bars cannot show is a break just before their first point: after one, a
 * segment starts only once both legs have traded again. So the window is trusted only from
 * the first point by which both legs have a bar inside what was read; a window reaching
 * further back (one leg silent for most of it) is evaluated on all bars instead.
 */
export function snapshotFromStore(reader: BarReader, spec: PairSpec, to?: number): AnalyticsSnapshot {
  const gaps = pairGaps(reader, [spec.y, spec.x]);
  const clock = performance.now.bind(performance);
  const y = legBars(reader, spec.y, spec.tf, to, spec.window);
  const x = legBars(reader, spec.x, spec.tf, to, spec.window);
  const first = evaluatePair(spec, y, x, to, clock, false, gaps);
  const r = first.result;
  if (
    (r.ok && r.windowStart >= bothTradedFrom(y, x)) ||
    (!r.ok && r.since !== undefined) ||
    (y.length < spec.window && x.length < spec.window)
  ) {
    return first.snapshot;
  }
  return snapshotFromBars(
    spec,
    legBars(reader, spec.y, spec.tf, to),
    legBars(reader, spec.x, spec.tf, to),
    to,
    clock,
    false,
    gaps,
  );
}

/** The first time by which both legs have a bar at or after the start of their alignment. */
function bothTradedFrom(y: readonly BarLike[], x: readonly BarLike[]): number {
  if (y.length === 0 || x.length === 0) return Infinity;
  const t0 = Math.max(y[0]!.ts, x[0]!.ts);
  const firstAtOrAfter = (bars: readonly BarLike[]): number => bars.find((b) => b.ts >= t0)?.ts ?? Infinity;
  return Math.max(firstAtOrAfter(y), firstAtOrAfter(x));
}
