import type { PairSpec } from '../../shared/contract/analytics';
import { alignPair } from '../analytics/align';
import { RollingPair } from '../analytics/rolling';
import type { BarLike } from '../analytics/types';
import type { BarPoint, PairPoint } from './evaluator';

/**
 * Live rolling z-score / spread / correlation of one pair, fed bar by bar: the incremental
 * form of alignPair + RollingPair (each leg's last close carried forward, the point at a
 * bar start replaced while its bars are forming). Lets every pair rule be evaluated live,
 * not only the pair the charts watch. A bar older than the newest aligned point (a late or
 * refilled bar) changes history the ring buffer already holds: the tracker then says it
 * needs a rebuild from stored bars instead of guessing.
 */
export class PairTracker {
  private rolling: RollingPair;
  private y: number | null = null;
  private x: number | null = null;
  private yTs = -Infinity;
  private xTs = -Infinity;
  private lastTs: number | null = null;
  private rebuildNeeded = false;

  constructor(readonly pair: PairSpec) {
    this.rolling = new RollingPair(pair.window);
  }

  get needsRebuild(): boolean {
    return this.rebuildNeeded;
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
    this.rolling = new RollingPair(this.pair.window);
    const start = Math.max(0, aligned.ts.length - this.pair.window);
    for (let i = start; i < aligned.ts.length; i++) this.rolling.add(aligned.y[i]!, aligned.x[i]!);
    const n = aligned.ts.length;
    this.lastTs = n ? aligned.ts[n - 1]! : null;
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
    if (this.lastTs === null || bar.ts > this.lastTs) {
      this.rolling.add(this.y, this.x);
      this.lastTs = bar.ts;
    } else {
      this.rolling.replace(this.y, this.x);
    }
    return true;
  }

  private point(): PairPoint | null {
    if (this.lastTs === null || !this.rolling.isStable()) return null;
    const v = this.rolling.getResult();
    return { ts: this.lastTs, z: v.ok ? v.z : null, spread: v.ok ? v.spread : null, correlation: v.ok ? v.correlation : null };
  }
}
