import {
  spreadDefinition,
  type AnalyticsSnapshot,
  type PairSpec,
  type RollingPoint,
} from '../../../shared/contract/analytics';
import { timeframeMs, type Bar } from '../../../shared/market';
import { lowerBound, lowerBoundBy } from '../../../shared/sorted';
import { alignPair, LEG_X, LEG_Y } from '../align';
import { BreakIndex, SegmentWalker, sameGaps, type GapSpan, type PointRole, type WalkState } from '../breaks';
import { RollingSpread, type RollingSpreadCheckpoint } from '../rollingSpread';
import { spreadPoint } from './rollingPoint';
import { snapshotFromBars, type Clock } from './snapshotFromBars';

/** What folding one batch of bars changed. */
export interface FoldOutcome {
  /** New or changed rolling points, ascending by ts (the last may be the forming bar). */
  points: RollingPoint[];
  /** Per point, the first aligned time of its segment (core breaks.ts): after a break a
   * rule's detectors start afresh there. */
  segmentStarts: number[];
  /** Aligned points that were completed by a newer one appearing (closed bars). */
  closed: number;
  /** Whether a late bar forced a recomputation of the tail. */
  rebuilt: boolean;
}

type Leg = 'y' | 'x';

/** Bars kept per leg beyond the window, so trimming happens in rare O(chunk) steps. */
const TRIM_CHUNK = 1024;

/** Aligned points between kept RollingSpread checkpoints: a restore replays at most this
 * many points. A checkpoint per point would double a pair's memory (two Kalman copies). */
const CHECKPOINT_EVERY = 64;

/**
 * The watched pair's live state: each leg's recent bars, the aligned closes and an
 * incremental RollingSpread (core rollingSpread.ts: the rolling OLS, the spread of the
 * spec's definition and the log-price Kalman filter), so the live series is the batch
 * series (engine series.ts) point for point. A forming-bar update replaces the latest
 * point and a new bar adds one, both O(1); a late bar (older than the aligned tail) rebuilds
 * from the point it touches. Bars of a given start only grow, so an update with fewer
 * trades than the version held is stale (it was committed before the history was loaded)
 * and is ignored. The rolling window and the filter restart after every break (a long
 * silence or an unfilled gap, core breaks.ts); points outside every segment (inside an
 * unfilled gap, or after a break before both legs traded again) are held but never
 * evaluated.
 */
/** Above this window, live snapshots skip the robust estimates (they stay on request). */
export const LIVE_ROBUST_MAX_WINDOW = 20_000;

export class LivePair {
  private readonly yBars: Bar[] = [];
  private readonly xBars: Bar[] = [];
  private ts: number[] = [];
  private ys: number[] = [];
  private xs: number[] = [];
  /** RollingSpread's state after every CHECKPOINT_EVERY-th aligned point (null elsewhere and
   * for an 'out' point) and, per point, the spread value it read there: a rebuild or a
   * fresh tail restores the nearest checkpoint and replays the points after it. */
  private cpAfter: (RollingSpreadCheckpoint | null)[] = [];
  private sAfter: (number | null)[] = [];
  /** Points trimmed since the last full realignment (checkpoint positions stay put). */
  private trimmed = 0;
  /** Per aligned point: legs with a bar there, its role in the segments, and the segment
   * walk's state before it (to step the forming point again, or restart a rebuild). */
  private legs: number[] = [];
  private roles: PointRole[] = [];
  private wBefore: WalkState[] = [];
  /** Per aligned point, the time its segment starts (NaN: outside every segment). */
  private seg: number[] = [];
  private spread: RollingSpread;
  private readonly keep: number;
  private gaps: readonly GapSpan[];
  private walker: SegmentWalker;
  rebuilds = 0;

  constructor(
    readonly spec: PairSpec,
    history: { y: readonly Bar[]; x: readonly Bar[] } = { y: [], x: [] },
    gaps: readonly GapSpan[] = [],
  ) {
    // ≥ W bars per leg keeps the last W aligned points exact (see snapshot.ts).
    this.keep = spec.window + Math.max(spec.window, 2048);
    this.spread = this.freshSpread();
    this.gaps = gaps;
    this.walker = new SegmentWalker(new BreakIndex(timeframeMs(spec.tf), gaps));
    this.yBars.push(...history.y.filter(finiteBar));
    this.xBars.push(...history.x.filter(finiteBar));
    this.rebuildFrom(0);
  }

  /** Bars per leg needed to initialise: what the worker loads on watch. */
  static historyBars(spec: PairSpec): number {
    return spec.window + Math.max(spec.window, 2048);
  }

  get length(): number {
    return this.ts.length;
  }

  /** Time of the latest aligned point (null: none yet). */
  get lastTs(): number | null {
    return this.ts.length ? this.ts[this.ts.length - 1]! : null;
  }

  /** First aligned time of the latest point's segment (null: none, or the point is in none). */
  get segmentStart(): number | null {
    const s = this.seg[this.seg.length - 1];
    return s === undefined || Number.isNaN(s) ? null : s;
  }

  /** Aligned points held in the latest point's segment (W or more: the window is full). */
  get segmentPoints(): number {
    const s = this.segmentStart;
    return s === null ? 0 : this.ts.length - lowerBound(this.ts, s);
  }

  /** Whether the latest segment began after a break inside what is held (not at its start). */
  get afterBreak(): boolean {
    const s = this.segmentStart;
    return s !== null && this.ts.length > 0 && s > this.ts[0]!;
  }

  /** The current rolling series tail (last `n` points), recomputed from the buffer. */
  lastPoints(n: number): RollingPoint[] {
    const start = Math.max(0, this.ts.length - n);
    const spread = this.freshSpread();
    // A tail reaching into the first W − 1 points kept after a trim cannot be restored (the
    // window before it was dropped): replay what is held from its first point instead.
    const from = this.restoreAfter(spread, start - 1) ? start : 0;
    const out: RollingPoint[] = [];
    for (let i = from; i < this.ts.length; i++) {
      const role = this.roles[i]!;
      if (role === 'start') spread.reset();
      if (role === 'out') continue;
      spread.add(this.ys[i]!, this.xs[i]!);
      if (i >= start) out.push(spreadPoint(this.ts[i]!, this.ys[i]!, this.xs[i]!, spread));
    }
    return out;
  }

  private freshSpread(): RollingSpread {
    const def = spreadDefinition(this.spec);
    return new RollingSpread(this.spec.window, def.mode, def.hedge);
  }

  /**
   * Puts `spread` in its state right after point `last` (fresh when `last` is in no
   * segment). False, leaving it fresh, when the points it needs were trimmed away.
   */
  private restoreAfter(spread: RollingSpread, last: number): boolean {
    spread.reset();
    const plan = this.restorePlan(last);
    if (plan === null) return false;
    const { cp, at, from } = plan;
    if (cp) {
      spread.restore(cp, {
        y: this.ys.slice(from, at + 1),
        x: this.xs.slice(from, at + 1),
        spread: this.sAfter.slice(from, at + 1),
      });
    }
    // The points after the checkpoint (or from the segment's start) are replayed: a closed
    // point's state does not depend on how its bar was formed (core rollingSpread.ts).
    for (let j = cp ? at + 1 : at; j <= last; j++) spread.add(this.ys[j]!, this.xs[j]!);
    return true;
  }

  /**
   * How to rebuild the state after point `last`: restore checkpoint `cp` (taken after point
   * `at`, with the points from `from` to `at`) and replay up to `last`, or (cp null) replay
   * from `at`, the segment's first point. Null when the points it needs were trimmed away.
   */
  private restorePlan(last: number): { cp: RollingSpreadCheckpoint | null; at: number; from: number } | null {
    if (last < 0 || this.roles[last] === 'out') return { cp: null, at: last + 1, from: last + 1 };
    // A segment holds no 'out' point, and its first is the one with role 'start'.
    let at = last;
    while (!this.cpAfter[at] && this.roles[at] === 'in') {
      if (at === 0) return null;
      at--;
    }
    const cp = this.cpAfter[at] ?? null;
    if (!cp) return this.roles[at] === 'out' ? { cp: null, at: at + 1, from: at + 1 } : { cp: null, at, from: at };
    let from = at;
    while (from > 0 && at - from + 1 < this.spec.window && this.roles[from] === 'in') from--;
    return at - from + 1 < Math.min(cp.seen, this.spec.window) ? null : { cp, at, from };
  }

  /** Records the state after point i (the spread was just fed it, its segment start set). At
   * the segment's W-th point the earlier points' spreads come into existence: they are
   * recorded then. */
  private record(i: number): void {
    this.cpAfter[i] = (this.trimmed + i) % CHECKPOINT_EVERY === 0 ? this.spread.checkpoint() : null;
    this.sAfter[i] = this.spread.lastSpread();
    const first = lowerBound(this.ts, this.seg[i]!);
    if (this.ts[first] === this.seg[i] && i - first + 1 === this.spec.window) {
      const all = this.spread.windowSpreads();
      for (let j = 0; j < all.length; j++) this.sAfter[i - all.length + 1 + j] = all[j]!;
    }
  }

  /**
   * Replaces the unfilled gaps the pair knows (the worker re-reads them with every batch).
   * A change re-evaluates everything held: O(points held), and gaps change rarely.
   */
  setGaps(gaps: readonly GapSpan[]): FoldOutcome | null {
    if (sameGaps(gaps, this.gaps)) return null;
    this.gaps = gaps;
    this.walker = new SegmentWalker(new BreakIndex(timeframeMs(this.spec.tf), gaps));
    this.rebuilds++;
    const points = this.rebuildFrom(-Infinity);
    return { points, segmentStarts: this.segmentStartsOf(points), closed: 0, rebuilt: true };
  }

  /** The segment start of each point (all held, ascending). */
  private segmentStartsOf(points: readonly RollingPoint[]): number[] {
    return points.map((p) => this.seg[lowerBound(this.ts, p.ts)]!);
  }

  /** The segment start of a point at index i with `role` (the one before it already set). */
  private segAt(i: number, role: PointRole): number {
    if (role === 'out') return Number.NaN;
    const prev = i > 0 ? this.seg[i - 1]! : Number.NaN;
    return role === 'start' || Number.isNaN(prev) ? this.ts[i]! : prev;
  }

  /**
   * Every analytic on the last W aligned points held (the forming bar included). Live
   * snapshots of very large windows leave out the ~1 s robust figures (see pairAnalytics) by
   * default, and the watch set's off-screen evaluations always do. Not the hedge of a pair
   * whose spread definition is theil-sen: that fit is its spread (and so its z, ADF and
   * half-life), which rows and rules read; pairAnalytics fits it in windowSpread whatever
   * skipRobust says and reports it as robust.theilSen too, so it costs one fit, not two.
   */
  snapshot(clock?: Clock, skipRobust = this.spec.window > LIVE_ROBUST_MAX_WINDOW): AnalyticsSnapshot {
    return snapshotFromBars(this.spec, this.yBars, this.xBars, undefined, clock, skipRobust, this.gaps);
  }

  /** Folds bars committed by the ingestor; bars of other symbols or timeframes are ignored. */
  fold(changed: readonly Bar[]): FoldOutcome {
    const mine = changed
      .filter((b) => b.tf === this.spec.tf && (b.symbol === this.spec.y || b.symbol === this.spec.x) && finiteBar(b))
      .sort((a, b) => a.ts - b.ts);
    const byTs = new Map<number, RollingPoint>();
    let closed = 0;
    let lateFrom = Infinity;
    for (const bar of mine) {
      const leg: Leg = bar.symbol === this.spec.y ? 'y' : 'x';
      const kind = mergeLeg(leg === 'y' ? this.yBars : this.xBars, bar);
      if (kind === 'stale') continue;
      const lastTs = this.ts.length ? this.ts[this.ts.length - 1]! : -Infinity;
      // No aligned point yet: where the axis starts depends on both legs, so align afresh.
      if (kind === 'late' || bar.ts < lastTs || lateFrom !== Infinity || this.ts.length === 0) {
        lateFrom = Math.min(lateFrom, bar.ts);
        continue;
      }
      const y = this.yBars[this.yBars.length - 1]!.close;
      const x = this.xBars[this.xBars.length - 1]!.close;
      const bit = leg === 'y' ? LEG_Y : LEG_X;
      if (bar.ts === lastTs) {
        this.replaceLast(y, x, bit);
      } else {
        if (this.ts.length > 0) closed++;
        this.append(bar.ts, y, x, bit);
      }
      const i = this.ts.length - 1;
      if (this.roles[i] !== 'out') byTs.set(this.ts[i]!, spreadPoint(this.ts[i]!, y, x, this.spread));
    }
    let rebuilt = false;
    if (lateFrom !== Infinity) {
      rebuilt = true;
      this.rebuilds++;
      const before = this.ts.length;
      const pts = this.rebuildFrom(lateFrom);
      closed += Math.max(0, this.ts.length - Math.max(before, 1));
      for (const p of pts) byTs.set(p.ts, p);
    }
    this.trim();
    const points = [...byTs.values()].sort((a, b) => a.ts - b.ts);
    return { points, segmentStarts: this.segmentStartsOf(points), closed, rebuilt };
  }

  private append(ts: number, y: number, x: number, legs: number): void {
    this.ts.push(ts);
    this.ys.push(y);
    this.xs.push(x);
    this.legs.push(legs);
    this.wBefore.push(this.walker.save());
    const role = this.walker.step(ts, legs);
    this.roles.push(role);
    const i = this.ts.length - 1;
    this.seg.push(this.segAt(i, role));
    if (role === 'start') this.spread.reset();
    if (role === 'out') {
      this.cpAfter[i] = null;
      this.sAfter[i] = null;
      return;
    }
    this.spread.add(y, x);
    this.record(i);
  }

  private replaceLast(y: number, x: number, leg: number): void {
    const i = this.ts.length - 1;
    this.ys[i] = y;
    this.xs[i] = x;
    this.legs[i]! |= leg;
    const was = this.roles[i]!;
    const role = this.walker.restep(this.ts[i]!, this.legs[i]!);
    this.roles[i] = role;
    this.seg[i] = this.segAt(i, role);
    if (role === 'out') return;
    if (was === 'out') {
      // The other leg traded at this start: the point now opens a segment.
      this.spread.reset();
      this.spread.add(y, x);
    } else {
      this.spread.replace(y, x);
    }
    this.record(i);
  }

  /**
   * Re-aligns from time `t` on (the legs already hold the late bar), then restores the
   * RollingSpread from its checkpoint after the point before it (with that segment's last W
   * points) and the segment walk from its saved state there. Returns the recomputed points.
   * O(W + points after t).
   */
  private rebuildFrom(t: number): RollingPoint[] {
    let i = lowerBound(this.ts, t);
    const legsReachBack = (this.yBars[0]?.ts ?? Infinity) < t && (this.xBars[0]?.ts ?? Infinity) < t;
    // Restoring needs the W points before i; a late bar into the first W − 1 points kept
    // after a trim realigns everything held instead.
    if (i === 0 || !legsReachBack || this.restorePlan(i - 1) === null) {
      i = 0;
      const a = alignPair(this.yBars, this.xBars);
      this.ts = a.ts;
      this.ys = a.y;
      this.xs = a.x;
      this.legs = a.legs!;
      this.cpAfter = [];
      this.sAfter = [];
      this.trimmed = 0;
      this.roles = [];
      this.wBefore = [];
      this.seg = [];
      this.walker = new SegmentWalker(this.walker.index);
    } else {
      // Realign only the tail: start each leg at its last bar before t (the carried close).
      const tail = alignPair(
        this.yBars.slice(lowerBoundTs(this.yBars, t) - 1),
        this.xBars.slice(lowerBoundTs(this.xBars, t) - 1),
      );
      const k = lowerBound(tail.ts, t);
      this.walker.restore(i < this.wBefore.length ? this.wBefore[i]! : this.walker.save());
      this.ts.length = this.ys.length = this.xs.length = this.cpAfter.length = this.sAfter.length = i;
      this.legs.length = this.roles.length = this.wBefore.length = this.seg.length = i;
      this.ts.push(...tail.ts.slice(k));
      this.ys.push(...tail.y.slice(k));
      this.xs.push(...tail.x.slice(k));
      this.legs.push(...tail.legs!.slice(k));
    }
    this.spread = this.freshSpread();
    // The state after i − 1 (its segment's last W points); a new segment at i restarts below.
    this.restoreAfter(this.spread, i - 1);
    const out: RollingPoint[] = [];
    for (let j = i; j < this.ts.length; j++) {
      this.wBefore[j] = this.walker.save();
      const role = (this.roles[j] = this.walker.step(this.ts[j]!, this.legs[j]!));
      this.seg[j] = this.segAt(j, role);
      if (role === 'start') this.spread.reset();
      if (role === 'out') {
        this.cpAfter[j] = null;
        this.sAfter[j] = null;
        continue;
      }
      this.spread.add(this.ys[j]!, this.xs[j]!);
      this.record(j);
      out.push(spreadPoint(this.ts[j]!, this.ys[j]!, this.xs[j]!, this.spread));
    }
    return out;
  }

  /** Drops the oldest bars and points in chunks: amortised O(1), bounded memory. */
  private trim(): void {
    for (const bars of [this.yBars, this.xBars])
      if (bars.length > this.keep + TRIM_CHUNK) bars.splice(0, bars.length - this.keep);
    const extra = this.ts.length - this.keep;
    if (extra > TRIM_CHUNK) {
      this.ts.splice(0, extra);
      this.ys.splice(0, extra);
      this.xs.splice(0, extra);
      this.trimmed += extra;
      this.cpAfter.splice(0, extra);
      this.sAfter.splice(0, extra);
      this.legs.splice(0, extra);
      this.roles.splice(0, extra);
      this.wBefore.splice(0, extra);
      this.seg.splice(0, extra);
    }
  }
}

/** Puts a bar into a leg's ascending list; says where it landed. */
function mergeLeg(bars: Bar[], bar: Bar): 'append' | 'replace' | 'late' | 'stale' {
  const last = bars[bars.length - 1];
  if (!last || bar.ts > last.ts) {
    bars.push(bar);
    return 'append';
  }
  if (bar.ts === last.ts) {
    if (bar.trades < last.trades) return 'stale';
    bars[bars.length - 1] = bar;
    return 'replace';
  }
  const i = lowerBoundTs(bars, bar.ts);
  if (bars[i]?.ts === bar.ts) {
    if (bar.trades < bars[i]!.trades) return 'stale';
    bars[i] = bar;
  } else {
    bars.splice(i, 0, bar);
  }
  return 'late';
}

function finiteBar(b: Bar): boolean {
  return Number.isFinite(b.close) && b.close > 0 && Number.isFinite(b.ts);
}

/** First index with bars[i].ts ≥ t. */
function lowerBoundTs(bars: readonly Bar[], t: number): number {
  return lowerBoundBy(bars, t, (b) => b.ts);
}
