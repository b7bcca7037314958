/**
 * Recent closes of one symbol and timeframe, ascending by bar start, for %-change rules.
 * Bars exist only where trades did, so "the close `lookback` bars ago" is read as the close
 * in force at t − lookback·tf (the last bar starting at or before it), as pair alignment does.
 */
export class CloseHistory {
  private readonly ts: number[] = [];
  private readonly close: number[] = [];

  get length(): number {
    return this.ts.length;
  }

  /** Adds a bar or replaces the bar with the same start (the forming bar, a refilled bar). */
  upsert(ts: number, close: number): void {
    const n = this.ts.length;
    if (n === 0 || ts > this.ts[n - 1]!) {
      this.ts.push(ts);
      this.close.push(close);
      return;
    }
    const i = this.lowerBound(ts);
    if (this.ts[i] === ts) this.close[i] = close;
    else {
      this.ts.splice(i, 0, ts);
      this.close.splice(i, 0, close);
    }
  }

  /** Close of the last bar starting at or before `t`, or null. */
  closeAtOrBefore(t: number): number | null {
    const i = this.lowerBound(t + 1) - 1;
    return i >= 0 ? this.close[i]! : null;
  }

  /** Drops bars that no lookback can reach any more, keeping the one in force at `t`. */
  pruneBefore(t: number): void {
    const keepFrom = Math.max(0, this.lowerBound(t + 1) - 1);
    if (keepFrom > 0) {
      this.ts.splice(0, keepFrom);
      this.close.splice(0, keepFrom);
    }
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
