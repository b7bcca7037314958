import { pairAnalytics, type BarLike, type GapSpan, type PairAnalyticsOk, type PairAnalyticsShort } from '../../core/analytics/index';
import { spreadDefinition, type AnalyticsSnapshot, type PairSpec } from '../../shared/contract';
import { legBars, pairGaps, type BarReader } from './barReader';
import { sanitizeAnalytics } from './sanitize';

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
  clock: () => number = performance.now.bind(performance),
  skipRobust = false,
  gaps: readonly GapSpan[] = [],
): AnalyticsSnapshot {
  return evaluate(spec, yBars, xBars, to, clock, skipRobust, gaps).snapshot;
}

function evaluate(
  spec: PairSpec,
  yBars: readonly BarLike[],
  xBars: readonly BarLike[],
  to: number | undefined,
  clock: () => number,
  skipRobust: boolean,
  gaps: readonly GapSpan[],
): { snapshot: AnalyticsSnapshot; result: PairAnalyticsOk | PairAnalyticsShort } {
  const started = clock();
  const def = spreadDefinition(spec);
  const r = pairAnalytics(yBars, xBars, spec.window, { tf: spec.tf, ySymbol: spec.y, xSymbol: spec.x, to, skipRobust, gaps, ...def });
  const computeMs = Math.max(0, clock() - started);
  if (!r.ok) {
    return { result: r, snapshot: { ok: false, pair: spec, reason: r.reason, message: r.message, available: r.available, computedAt: Date.now() } };
  }
  const issues: Record<string, { reason: string; message: string }> = { ...r.issues };
  const value = sanitizeAnalytics(r.value, issues);
  return { result: r, snapshot: { ok: true, pair: spec, value, issues, computedAt: Date.now(), computeMs } };
}

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
  const first = evaluate(spec, y, x, to, clock, false, gaps);
  const r = first.result;
  if ((r.ok && r.windowStart >= bothTradedFrom(y, x)) || (!r.ok && r.since !== undefined) || (y.length < spec.window && x.length < spec.window)) {
    return first.snapshot;
  }
  return snapshotFromBars(spec, legBars(reader, spec.y, spec.tf, to), legBars(reader, spec.x, spec.tf, to), to, clock, false, gaps);
}

/** The first time by which both legs have a bar at or after the start of their alignment. */
function bothTradedFrom(y: readonly BarLike[], x: readonly BarLike[]): number {
  if (y.length === 0 || x.length === 0) return Infinity;
  const t0 = Math.max(y[0]!.ts, x[0]!.ts);
  const firstAtOrAfter = (bars: readonly BarLike[]): number => bars.find((b) => b.ts >= t0)?.ts ?? Infinity;
  return Math.max(firstAtOrAfter(y), firstAtOrAfter(x));
}
