import { BreakIndex, sameGaps, type GapSpan } from '../analytics/breaks';

/**
 * Recent closes of one symbol and timeframe, ascending by bar start, for %-change rules.
 * Bars exist only where trades did, so "the close `lookback` bars ago" is read as the close
 * in force at t − lookback·tf (the last bar starting at or before it), as pair alignment does.
 * It also knows where the symbol's latest segment starts (core breaks.ts: a silence longer
 * than max(10 × tf, 5 min) or an unfilled gap), so no rule compares across a break.
 */
export class CloseHistory {
  private readonly ts: number[] = [];
  private readonly close: number[] = [];
  private breaks: BreakIndex;
  private gaps: readonly GapSpan[];
  /** First bar of the latest segment (−∞: no break seen). Kept as a field, since pruning
   * drops the bars before it. */
  private segStart = -Infinity;

  constructor(tfMs: number, gaps: readonly GapSpan[] = []) {
    this.gaps = gaps;
    this.breaks = new BreakIndex(tfMs, gaps);
  }

  get length(): number {
    return this.ts.length;
  }

  /** Bar start of the first bar after the latest break (−Infinity when none is known). */
  get segmentStart(): number {
    return this.segStart;
  }

  /** Adds a bar or replaces the bar with the same start (the forming bar, a refilled bar). */
  upsert(ts: number, close: number): void {
    const n = this.ts.length;
    if (n === 0 || ts > this.ts[n - 1]!) {
      if (n > 0 && this.breaks.breakBetween(this.ts[n - 1]!, ts)) this.segStart = ts;
      this.ts.push(ts);
      this.close.push(close);
      return;
    }
    const i = this.lowerBound(ts);
    if (this.ts[i] === ts) this.close[i] = close;
    else {
      this.ts.splice(i, 0, ts);
      this.close.splice(i, 0, close);
      // A late bar can only shorten a silence: look again (rare, O(bars held)).
      this.findSegmentStart();
    }
  }

  /** The unfilled gaps of this symbol changed (a refill failed or finished). */
  setGaps(gaps: readonly GapSpan[]): void {
    if (sameGaps(gaps, this.gaps)) return;
    this.gaps = gaps;
    this.breaks = new BreakIndex(this.breaks.tfMs, gaps);
    this.findSegmentStart();
  }

  /** Close of the last bar starting at or before `t`, or null. */
  closeAtOrBefore(t: number): number | null {
    return this.barAtOrBefore(t)?.close ?? null;
  }

  /** The last bar starting at or before `t`, or null. */
  barAtOrBefore(t: number): { ts: number; close: number } | null {
    const i = this.lowerBound(t + 1) - 1;
    return i >= 0 ? { ts: this.ts[i]!, close: this.close[i]! } : null;
  }

  /** Drops bars that no lookback can reach any more, keeping the one in force at `t`. */
  pruneBefore(t: number): void {
    const keepFrom = Math.max(0, this.lowerBound(t + 1) - 1);
    if (keepFrom > 0) {
      this.ts.splice(0, keepFrom);
      this.close.splice(0, keepFrom);
    }
  }

  /** The latest break among the bars held; a break before them (pruned) still counts
   * unless it lay inside what is held now and is gone. */
  private findSegmentStart(): void {
    for (let i = this.ts.length - 1; i > 0; i--) {
      if (this.breaks.breakBetween(this.ts[i - 1]!, this.ts[i]!)) {
        this.segStart = this.ts[i]!;
        return;
      }
    }
    if (this.ts.length === 0 || this.segStart > this.ts[0]!) this.segStart = -Infinity;
  }

  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ts[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** % change between two closes; null when the reference is missing or not positive. */
export function percentChange(close: number, reference: number | null): number | null {
  if (reference === null || !(reference > 0)) return null;
  return (close / reference - 1) * 100;
}
