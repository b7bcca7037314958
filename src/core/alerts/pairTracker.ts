import type { PairSpec } from '../../shared/contract/analytics';
import { timeframeMs } from '../../shared/market';
import { alignPair, LEG_X, LEG_Y } from '../analytics/align';
import { BreakIndex, SegmentWalker, sameGaps, type GapSpan, type PointRole } from '../analytics/breaks';
import { RollingPair } from '../analytics/rolling';
import type { BarLike } from '../analytics/types';
import type { BarPoint, PairPoint } from './evaluator';

/**
 * Live rolling z-score / spread / correlation of one pair, fed bar by bar: the incremental
 * form of alignPair + RollingPair (each leg's last close carried forward, the point at a
 * bar start replaced while its bars are forming). Lets every pair rule be evaluated live,
 * not only the pair the charts watch. A bar older than the newest aligned point (a late or
 * refilled bar) changes history the ring buffer already holds: the tracker then says it
 * needs a rebuild from stored bars instead of guessing. The window restarts after every
 * break (core breaks.ts), and each point says where its segment starts.
 */
export class PairTracker {
  private rolling: RollingPair;
  private y: number | null = null;
  private x: number | null = null;
  private yTs = -Infinity;
  private xTs = -Infinity;
  private lastTs: number | null = null;
  /** Legs with a bar at lastTs, and what that point is to the segments. */
  private lastLegs = 0;
  private lastRole: PointRole = 'out';
  private segStart: number | null = null;
  private gaps: readonly GapSpan[] = [];
  private walker: SegmentWalker;
  private rebuildNeeded = false;

  constructor(readonly pair: PairSpec) {
    this.rolling = new RollingPair(pair.window);
    this.walker = new SegmentWalker(new BreakIndex(timeframeMs(pair.tf)));
  }

  get needsRebuild(): boolean {
    return this.rebuildNeeded;
  }

  /** First aligned time of the segment the latest point belongs to (null: none yet). */
  get segmentStart(): number | null {
    return this.lastRole === 'out' ? null : this.segStart;
  }

  /** The unfilled gaps of either leg; a change moves the breaks, so it asks for a rebuild. */
  setGaps(gaps: readonly GapSpan[]): void {
    if (sameGaps(gaps, this.gaps)) return;
    this.gaps = gaps;
    this.walker = new SegmentWalker(new BreakIndex(timeframeMs(this.pair.tf), gaps));
    if (this.lastTs !== null) this.rebuildNeeded = true;
  }

  /** Bars of any symbol/timeframe (others are ignored); returns one point per aligned time
   * the batch changed, computed after every bar of that time in the batch was applied. */
  onBars(bars: readonly BarPoint[]): PairPoint[] {
    const mine = bars.filter((b) => b.tf === this.pair.tf && (b.symbol === this.pair.y || b.symbol === this.pair.x));
    mine.sort((a, b) => a.ts - b.ts);
    const out: PairPoint[] = [];
    for (let i = 0; i < mine.length; i++) {
      const changed = this.apply(mine[i]!);
      const lastOfTs = i + 1 === mine.length || mine[i + 1]!.ts !== mine[i]!.ts;
      if (changed && lastOfTs) {
        const p = this.point();
        if (p) out.push(p);
      }
    }
    return out;
  }

  /** Restarts from stored bars of both legs (ascending), e.g. after a late bar or at start. */
  rebuild(yBars: readonly BarLike[], xBars: readonly BarLike[]): PairPoint | null {
    const aligned = alignPair(yBars, xBars);
    const n = aligned.ts.length;
    // Walk every point, so the walker stands where the next bar continues.
    this.walker = new SegmentWalker(this.walker.index);
    this.segStart = null;
    this.lastRole = 'out';
    let start = n;
    for (let i = 0; i < n; i++) {
      this.lastRole = this.walker.step(aligned.ts[i]!, aligned.legs![i]!);
      if (this.lastRole === 'start') start = i;
    }
    this.rolling = new RollingPair(this.pair.window);
    if (this.lastRole !== 'out') {
      this.segStart = aligned.ts[start]!;
      for (let i = Math.max(start, n - this.pair.window); i < n; i++) this.rolling.add(aligned.y[i]!, aligned.x[i]!);
    }
    this.lastTs = n ? aligned.ts[n - 1]! : null;
    this.lastLegs = n ? aligned.legs![n - 1]! : 0;
    this.y = yBars.length ? yBars[yBars.length - 1]!.close : null;
    this.x = xBars.length ? xBars[xBars.length - 1]!.close : null;
    this.yTs = yBars.length ? yBars[yBars.length - 1]!.ts : -Infinity;
    this.xTs = xBars.length ? xBars[xBars.length - 1]!.ts : -Infinity;
    this.rebuildNeeded = false;
    return this.point();
  }

  private apply(bar: BarPoint): boolean {
    const isY = bar.symbol === this.pair.y;
    const legTs = isY ? this.yTs : this.xTs;
    if (bar.ts < legTs || (this.lastTs !== null && bar.ts < this.lastTs)) {
      this.rebuildNeeded = true;
      return false;
    }
    if (isY) {
      this.y = bar.close;
      this.yTs = bar.ts;
    } else {
      this.x = bar.close;
      this.xTs = bar.ts;
    }
    if (this.y === null || this.x === null) return false;
    const leg = isY ? LEG_Y : LEG_X;
    const was = this.lastRole;
    if (this.lastTs === null || bar.ts > this.lastTs) {
      this.lastTs = bar.ts;
      this.lastLegs = leg;
      this.lastRole = this.walker.step(bar.ts, leg);
    } else {
      // The other leg's bar of the latest start: it may be the one that opens a segment.
      this.lastLegs |= leg;
      this.lastRole = this.walker.restep(bar.ts, this.lastLegs);
      if (this.lastRole !== 'out' && was !== 'out') {
        this.rolling.replace(this.y, this.x);
        return true;
      }
    }
    if (this.lastRole === 'out') return false;
    if (this.lastRole === 'start') {
      this.rolling.reset();
      this.segStart = bar.ts;
    }
    this.rolling.add(this.y, this.x);
    return true;
  }

  private point(): PairPoint | null {
    if (this.lastTs === null || this.lastRole === 'out' || !this.rolling.isStable()) return null;
    const v = this.rolling.getResult();
    return {
      ts: this.lastTs,
      z: v.ok ? v.z : null,
      spread: v.ok ? v.spread : null,
      correlation: v.ok ? v.correlation : null,
      ...(this.segStart !== null ? { segmentStart: this.segStart } : {}),
    };
  }
}
