/**
 * Mean and sample standard deviation of the last W values of one series, O(1) per add or
 * replace. Sums are kept about an anchor (a recent value) and rebuilt from the ring buffer
 * every max(W, 256) updates, as RollingPair does, so rounding never accumulates.
 */
export class RollingMoments {
  private readonly w: number;
  private readonly vs: Float64Array;
  private head = 0;
  private count = 0;
  private c = 0;
  private s1 = 0;
  private s2 = 0;
  private updates = 0;
  private readonly recomputeEvery: number;

  constructor(window: number) {
    if (!Number.isInteger(window) || window < 2) throw new RangeError(`window must be an integer ≥ 2, got ${window}`);
    this.w = window;
    this.vs = new Float64Array(window);
    this.recomputeEvery = Math.max(window, 256);
  }

  get length(): number {
    return this.count;
  }

  private slot(k: number): number {
    return (this.head + k) % this.w;
  }

  add(v: number): void {
    if (this.count === this.w) {
      const d = this.vs[this.head] - this.c;
      this.s1 -= d;
      this.s2 -= d * d;
      this.head = this.slot(1);
      this.count--;
    }
    if (this.count === 0) this.c = v;
    this.vs[this.slot(this.count)] = v;
    const d = v - this.c;
    this.s1 += d;
    this.s2 += d * d;
    this.count++;
    this.tick();
  }

  /** Replaces the latest value (the forming bar changed). */
  replace(v: number): void {
    if (this.count === 0) {
      this.add(v);
      return;
    }
    const s = this.slot(this.count - 1);
    const old = this.vs[s] - this.c;
    const d = v - this.c;
    this.s1 += d - old;
    this.s2 += d * d - old * old;
    this.vs[s] = v;
    this.tick();
  }

  /** Overwrites every value held, oldest first (a hedge re-fit re-evaluated the window). */
  setAll(values: ArrayLike<number>): void {
    this.reset();
    const from = Math.max(0, values.length - this.w);
    for (let i = from; i < values.length; i++) this.vs[i - from] = values[i];
    this.count = values.length - from;
    this.rebuild();
  }

  /** The values held, oldest first. */
  values(): Float64Array {
    const out = new Float64Array(this.count);
    for (let k = 0; k < this.count; k++) out[k] = this.vs[this.slot(k)];
    return out;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.updates = 0;
    this.s1 = this.s2 = 0;
  }

  private tick(): void {
    if (++this.updates >= this.recomputeEvery) this.rebuild();
  }

  private rebuild(): void {
    this.updates = 0;
    if (this.count === 0) return;
    this.c = this.vs[this.slot(this.count - 1)];
    this.s1 = this.s2 = 0;
    for (let k = 0; k < this.count; k++) {
      const d = this.vs[this.slot(k)] - this.c;
      this.s1 += d;
      this.s2 += d * d;
    }
  }

  /** The latest value, the mean and the sample standard deviation (ddof = 1) of the window. */
  summary(): { last: number; mean: number; std: number } | null {
    const n = this.count;
    if (n < 2) return null;
    const m = this.s1 / n;
    const v = (this.s2 - this.s1 * m) / (n - 1);
    const last = this.vs[this.slot(n - 1)];
    return { last, mean: this.c + m, std: v > 0 ? Math.sqrt(v) : 0 };
  }
}
