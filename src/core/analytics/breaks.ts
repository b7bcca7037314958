import { barStart } from '../../shared/market';
import { LEG_X, LEG_Y } from './align';

/**
 * Breaks in a bar series: where the data stops being one continuous record, so that no
 * rolling window, %-change or alert may reach across (issue #11, item 5). The one place that
 * says what a break is; alignment, rolling series, snapshots, the live pair and the alert
 * rules all ask this module.
 *
 * A break is either
 * - a silence: no bar on either leg (on the aligned axis: no point at all) for longer than
 *   max(10 × tf, 5 min), i.e. from the end of one bar, `ts + tf`, to the start of the next;
 * - a recorded gap that could not be filled: trades are missing between the last trade
 *   before the missing ids (`from`) and the first one after them (`to`). The bars from
 *   `from`'s bar up to `to`'s bar hold no (or stale) prices of that leg: aligned points
 *   strictly between those bar starts are dropped, and a new segment starts at `to`'s bar.
 *
 * After a break, a leg's close from before it is not carried into the new segment: the
 * segment starts at the first aligned point by which both legs have traded again.
 */

/** The shortest silence that is a break whatever the timeframe. */
export const MIN_BREAK_MS = 5 * 60_000;

/** A silence longer than this (ms) between bars of timeframe `tfMs` is a break. */
export function breakThresholdMs(tfMs: number): number {
  return Math.max(10 * tfMs, MIN_BREAK_MS);
}

/** True when no bar exists from the end of the bar at `prevTs` to the start of the bar at
 * `nextTs` for longer than the break threshold. */
export function isSilenceBreak(prevTs: number, nextTs: number, tfMs: number): boolean {
  return nextTs - prevTs - tfMs > breakThresholdMs(tfMs);
}

/** An unfilled gap of one leg in trade time (ms): the trades around the missing ids. */
export interface GapSpan {
  readonly from: number;
  readonly to: number;
}

/**
 * The span of a stored unfilled gap. The trades around it may be gone (retention) or not
 * stored: then the time the feed saw the id jump stands in, which live is the data's time.
 */
export function gapSpanOf(g: {
  readonly fromTs: number | null;
  readonly toTs: number | null;
  readonly detectedAt: number;
}): GapSpan {
  const to = g.toTs ?? Math.max(g.detectedAt, g.fromTs ?? -Infinity);
  return { from: g.fromTs ?? to, to };
}

/** Whether two gap lists are the same spans in the same order (callers re-read them often
 * and only rebuild when they changed). */
export function sameGaps(a: readonly GapSpan[], b: readonly GapSpan[]): boolean {
  return a.length === b.length && a.every((g, i) => g.from === b[i]!.from && g.to === b[i]!.to);
}

/** Aligned points [start, end) (indices) that no break separates. */
export interface Segment {
  readonly start: number;
  readonly end: number;
}

/**
 * The breaks of one timeframe with a set of unfilled gaps, queried point by point: what
 * the batch splitter and the incremental folds (live pair, alert trackers) share. Each
 * query is O(log gaps).
 */
export class BreakIndex {
  /** Bar starts at which a gap's data resumes (ascending): a new segment starts there. */
  private readonly resumes: number[];
  /** Disjoint open intervals (lo, hi) of bar starts whose points are dropped, ascending. */
  private readonly drops: { lo: number; hi: number }[];

  constructor(
    readonly tfMs: number,
    gaps: readonly GapSpan[] = [],
  ) {
    if (!(tfMs > 0)) throw new RangeError(`BreakIndex: timeframe must be > 0 ms, got ${tfMs}`);
    const spans = gaps
      .filter((g) => Number.isFinite(g.from) && Number.isFinite(g.to))
      .map((g) => ({ lo: barStart(Math.min(g.from, g.to), tfMs), hi: barStart(Math.max(g.from, g.to), tfMs) }))
      .sort((a, b) => a.lo - b.lo || a.hi - b.hi);
    this.resumes = [...new Set(spans.map((s) => s.hi))].sort((a, b) => a - b);
    this.drops = [];
    for (const s of spans) {
      if (s.hi - s.lo <= tfMs) continue; // no bar start strictly inside
      const last = this.drops[this.drops.length - 1];
      // (a, b) ∪ (c, d) with c < b is one interval; touching ones (c = b) stay apart, since
      // the point at b itself is kept.
      if (last && s.lo < last.hi) last.hi = Math.max(last.hi, s.hi);
      else this.drops.push({ ...s });
    }
  }

  /** A break lies between consecutive axis points `prevTs` and `ts` (prevTs < ts). */
  breakBetween(prevTs: number, ts: number): boolean {
    if (isSilenceBreak(prevTs, ts, this.tfMs)) return true;
    if (this.resumes.length === 0) return false;
    // Any resume time r with prevTs < r ≤ ts.
    const i = upperBound(this.resumes, prevTs);
    return i < this.resumes.length && this.resumes[i]! <= ts;
  }

  /** The point at bar start `ts` lies inside an unfilled gap: it has no trustworthy price. */
  dropped(ts: number): boolean {
    if (this.drops.length === 0) return false;
    let lo = 0;
    let hi = this.drops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.drops[mid]!.hi <= ts) lo = mid + 1;
      else hi = mid;
    }
    const d = this.drops[lo];
    return d !== undefined && d.lo < ts && ts < d.hi;
  }
}

/** Both legs have a bar at a point (AlignedPair.legs). */
const BOTH_LEGS = LEG_Y | LEG_X;

/** What an aligned point is to the segments: the first of one, inside one, or in none (in
 * an unfilled gap, or after a break before both legs traded again). */
export type PointRole = 'start' | 'in' | 'out';

/** Where a walk stands between two points (saved so a live fold can step back). */
export interface WalkState {
  readonly prevTs: number | null;
  /** Legs (bits) that have not traded since the last break; 0 once both have. */
  readonly waiting: number;
  /** A segment is open (its start has been seen and no break since). */
  readonly open: boolean;
}

/**
 * Walks an aligned axis point by point and says each point's role: the incremental form
 * of splitSegments, for folds that meet the points one at a time (and see the forming
 * point's other leg arrive later: `restep`). O(log gaps) per point.
 */
export class SegmentWalker {
  private s: WalkState = { prevTs: null, waiting: 0, open: false };
  private before: WalkState = this.s;

  constructor(readonly index: BreakIndex) {}

  /** The state before the next point; `restore` returns to it. */
  save(): WalkState {
    return this.s;
  }

  restore(state: WalkState): void {
    this.s = state;
    this.before = state;
  }

  /** The next point (ts ascending); `legs` = which legs have a bar at it. */
  step(ts: number, legs: number): PointRole {
    this.before = this.s;
    return this.apply(ts, legs);
  }

  /** The latest point again, after more of its bars arrived (the forming bar). */
  restep(ts: number, legs: number): PointRole {
    this.s = this.before;
    return this.apply(ts, legs);
  }

  private apply(ts: number, legs: number): PointRole {
    const prev = this.s.prevTs;
    let { waiting, open } = this.s;
    if (prev !== null && this.index.breakBetween(prev, ts)) {
      waiting = BOTH_LEGS;
      open = false;
    }
    let role: PointRole;
    if (this.index.dropped(ts)) {
      open = false;
      role = 'out';
    } else {
      waiting &= ~legs;
      role = waiting !== 0 ? 'out' : open ? 'in' : 'start';
      if (waiting === 0) open = true;
    }
    this.s = { prevTs: ts, waiting, open };
    return role;
  }
}

/**
 * Splits an ascending axis of bar starts into the segments no break separates; points
 * inside an unfilled gap, and those after a break before both legs traded again (`legs`,
 * from alignPair; without it every point counts as both legs), belong to none.
 * Contiguous data gives one segment [0, n).
 */
export function splitSegments(ts: readonly number[], index: BreakIndex, legs?: readonly number[]): Segment[] {
  const out: Segment[] = [];
  const walker = new SegmentWalker(index);
  let start = -1;
  for (let i = 0; i < ts.length; i++) {
    const role = walker.step(ts[i]!, legs ? legs[i]! : BOTH_LEGS);
    if (role !== 'in' && start >= 0) {
      out.push({ start, end: i });
      start = -1;
    }
    if (role === 'start') start = i;
  }
  if (start >= 0) out.push({ start, end: ts.length });
  return out;
}

/** The segment holding the last point with index < `end` that belongs to a segment (null:
 * none does). */
export function segmentEndingBefore(segments: readonly Segment[], end: number): Segment | null {
  for (let k = segments.length - 1; k >= 0; k--) {
    const s = segments[k]!;
    if (s.start < end) return { start: s.start, end: Math.min(s.end, end) };
  }
  return null;
}

/** First index with a[i] > v. */
function upperBound(a: readonly number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
