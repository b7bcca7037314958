import type { Result } from './types';
import { fail } from './types';
import { splitSegments, type BreakIndex } from './breaks';

/** The indicator habit (trading-signals): one input per bar, the forming bar replaces the
 * latest point, stable once the window is full. */
export interface PairIndicator<R> {
  add(y: number, x: number): void;
  replace(y: number, x: number): void;
  isStable(): boolean;
  getResult(): R;
}

export interface RollingPairValue {
  /** Points in the window (≤ W). */
  readonly n: number;
  readonly alpha: number;
  readonly beta: number;
  readonly r2: number;
  /** Latest spread value y − alpha − beta·x (of ln prices in log mode). */
  readonly spread: number;
  /** Residual standard deviation over the window, sqrt(SSR/(n − 1)) (ddof = 1). */
  readonly spreadStd: number;
  /** z of the latest spread: the residual mean of OLS with intercept is exactly 0. */
  readonly z: number;
  /** Pearson correlation of the n − 1 log returns in the window; null when a leg is flat. */
  readonly correlation: number | null;
}

export interface RollingPairOptions {
  /** Regress ln(y) on ln(x) (specs: optional log mode). Inputs stay raw prices. */
  readonly log?: boolean;
  /** Rebuild all sums from the buffers every this many updates, to cap float drift.
   * Default max(W, 256): the O(W) rebuild is then O(1) amortised. */
  readonly recomputeEvery?: number;
}

/**
 * O(1) rolling OLS (alpha, beta, R²), spread z-score and log-return correlation over the
 * last W aligned points. Sums are kept about an anchor (a recent point), so price-level
 * data (~60000 vs ~3000) does not cancel away the digits; the anchor moves and the sums
 * are rebuilt from the ring buffers periodically, which also clears rounding drift.
 */
export class RollingPair implements PairIndicator<Result<RollingPairValue>> {
  private readonly w: number;
  private readonly ys: Float64Array;
  private readonly xs: Float64Array;
  // Return between point k−1 and k is stored at k's slot (invalid for the oldest point).
  private readonly rys: Float64Array;
  private readonly rxs: Float64Array;
  private head = 0; // slot of the oldest point
  private count = 0;
  private cy = 0;
  private cx = 0;
  private sy = 0;
  private sx = 0;
  private syy = 0;
  private sxx = 0;
  private sxy = 0;
  private ry = 0;
  private rx = 0;
  private ryy = 0;
  private rxx = 0;
  private rxy = 0;
  private updates = 0;
  private readonly recomputeEvery: number;
  private readonly log: boolean;

  constructor(window: number, opts: RollingPairOptions = {}) {
    if (!Number.isInteger(window) || window < 3) throw new RangeError(`window must be an integer ≥ 3, got ${window}`);
    this.w = window;
    this.ys = new Float64Array(window);
    this.xs = new Float64Array(window);
    this.rys = new Float64Array(window);
    this.rxs = new Float64Array(window);
    this.recomputeEvery = opts.recomputeEvery ?? Math.max(window, 256);
    this.log = opts.log ?? false;
  }

  get window(): number {
    return this.w;
  }

  get length(): number {
    return this.count;
  }

  private slot(k: number): number {
    return (this.head + k) % this.w;
  }

  private addPointSums(y: number, x: number, sign: number): void {
    const dy = y - this.cy;
    const dx = x - this.cx;
    this.sy += sign * dy;
    this.sx += sign * dx;
    this.syy += sign * dy * dy;
    this.sxx += sign * dx * dx;
    this.sxy += sign * dx * dy;
  }

  private addReturnSums(ry: number, rx: number, sign: number): void {
    this.ry += sign * ry;
    this.rx += sign * rx;
    this.ryy += sign * ry * ry;
    this.rxx += sign * rx * rx;
    this.rxy += sign * rx * ry;
  }

  /** A new point (a newly opened bar). */
  add(yIn: number, xIn: number): void {
    if (!Number.isFinite(yIn) || !Number.isFinite(xIn)) throw new RangeError('RollingPair.add: non-finite input');
    if (this.log && !(yIn > 0 && xIn > 0)) throw new RangeError('RollingPair.add: log mode needs positive prices');
    const y = this.log ? Math.log(yIn) : yIn;
    const x = this.log ? Math.log(xIn) : xIn;
    if (this.count === this.w) {
      const old = this.head;
      this.addPointSums(this.ys[old], this.xs[old], -1);
      // The second-oldest point's return (oldest → second) leaves with the oldest point.
      const next = this.slot(1);
      this.addReturnSums(this.rys[next], this.rxs[next], -1);
      this.head = next;
      this.count--;
    }
    if (this.count === 0) {
      this.cy = y;
      this.cx = x;
    }
    const s = this.slot(this.count);
    this.ys[s] = y;
    this.xs[s] = x;
    this.addPointSums(y, x, 1);
    if (this.count > 0) {
      const prev = this.slot(this.count - 1);
      const ry = this.logReturn(y, this.ys[prev]);
      const rx = this.logReturn(x, this.xs[prev]);
      this.rys[s] = ry;
      this.rxs[s] = rx;
      this.addReturnSums(ry, rx, 1);
    }
    this.count++;
    this.tick();
  }

  /** Replace the latest point (the forming bar changed). */
  replace(yIn: number, xIn: number): void {
    if (this.count === 0) {
      this.add(yIn, xIn);
      return;
    }
    if (!Number.isFinite(yIn) || !Number.isFinite(xIn)) throw new RangeError('RollingPair.replace: non-finite input');
    if (this.log && !(yIn > 0 && xIn > 0)) throw new RangeError('RollingPair.replace: log mode needs positive prices');
    const y = this.log ? Math.log(yIn) : yIn;
    const x = this.log ? Math.log(xIn) : xIn;
    const s = this.slot(this.count - 1);
    this.addPointSums(this.ys[s], this.xs[s], -1);
    this.ys[s] = y;
    this.xs[s] = x;
    this.addPointSums(y, x, 1);
    if (this.count > 1) {
      this.addReturnSums(this.rys[s], this.rxs[s], -1);
      const prev = this.slot(this.count - 2);
      const ry = this.logReturn(y, this.ys[prev]);
      const rx = this.logReturn(x, this.xs[prev]);
      this.rys[s] = ry;
      this.rxs[s] = rx;
      this.addReturnSums(ry, rx, 1);
    }
    this.tick();
  }

  /** ln(c_i / c_(i−1)); in log mode the buffers already hold logs, so it is a difference. */
  private logReturn(cur: number, prev: number): number {
    return this.log ? cur - prev : Math.log(cur / prev);
  }

  private tick(): void {
    if (++this.updates >= this.recomputeEvery) this.rebuild();
  }

  /** Forgets every point: the window starts afresh (after a break in the data). O(1). */
  reset(): void {
    this.head = 0;
    this.count = 0;
    this.updates = 0;
    this.sy = this.sx = this.syy = this.sxx = this.sxy = 0;
    this.ry = this.rx = this.ryy = this.rxx = this.rxy = 0;
  }

  /** Recompute every sum from the buffers, anchored at the latest point. */
  rebuild(): void {
    this.updates = 0;
    const last = this.slot(this.count - 1);
    this.cy = this.ys[last];
    this.cx = this.xs[last];
    this.sy = this.sx = this.syy = this.sxx = this.sxy = 0;
    this.ry = this.rx = this.ryy = this.rxx = this.rxy = 0;
    for (let k = 0; k < this.count; k++) {
      const s = this.slot(k);
      this.addPointSums(this.ys[s], this.xs[s], 1);
      if (k > 0) this.addReturnSums(this.rys[s], this.rxs[s], 1);
    }
  }

  isStable(): boolean {
    return this.count >= this.w;
  }

  getResult(): Result<RollingPairValue> {
    const n = this.count;
    if (n < 3) return fail('not_enough_data', `rolling OLS needs at least 3 points, got ${n}`);
    const cxx = this.sxx - (this.sx * this.sx) / n;
    const cyy = this.syy - (this.sy * this.sy) / n;
    const cxy = this.sxy - (this.sx * this.sy) / n;
    if (!(cxx > 0)) return fail('degenerate_input', 'x is constant over the window');
    if (!(cyy > 0)) return fail('degenerate_input', 'y is constant over the window');
    const beta = cxy / cxx;
    const my = this.cy + this.sy / n;
    const mx = this.cx + this.sx / n;
    const alpha = my - beta * mx;
    const r2 = (cxy / cxx) * (cxy / cyy);
    const ssr = cyy - beta * cxy;
    if (!(ssr > 0)) return fail('degenerate_input', 'the spread is constant over the window');
    const spreadStd = Math.sqrt(ssr / (n - 1));
    const last = this.slot(n - 1);
    const spread = this.ys[last] - my - beta * (this.xs[last] - mx);
    const m = n - 1;
    const crr = this.rxx - (this.rx * this.rx) / m;
    const cyr = this.ryy - (this.ry * this.ry) / m;
    const cxyr = this.rxy - (this.rx * this.ry) / m;
    const correlation = crr > 0 && cyr > 0 ? Math.max(-1, Math.min(1, cxyr / Math.sqrt(crr * cyr))) : null;
    return { ok: true, n, alpha, beta, r2, spread, spreadStd, z: spread / spreadStd, correlation };
  }
}

/** Columns of the rolling series charts draw: one entry per aligned time with at least W
 * points (specs: "the rolling series"); null where a window is degenerate. */
export interface RollingSeries {
  readonly ts: number[];
  readonly alpha: (number | null)[];
  readonly beta: (number | null)[];
  readonly r2: (number | null)[];
  readonly spread: (number | null)[];
  readonly z: (number | null)[];
  readonly correlation: (number | null)[];
}

/**
 * Rolling OLS / spread / z / correlation over aligned closes in O(n) (one RollingPair).
 * With `breaks`, no window spans a break: the window restarts at each segment (so the
 * series has its first point W − 1 points after every break) and points inside an
 * unfilled gap are left out.
 */
export function rollingPairSeries(
  pair: {
    readonly ts: readonly number[];
    readonly y: readonly number[];
    readonly x: readonly number[];
    readonly legs?: readonly number[];
  },
  window: number,
  opts: RollingPairOptions = {},
  breaks?: BreakIndex,
): RollingSeries {
  const out: RollingSeries = { ts: [], alpha: [], beta: [], r2: [], spread: [], z: [], correlation: [] };
  const r = new RollingPair(window, opts);
  const segments = breaks ? splitSegments(pair.ts, breaks, pair.legs) : [{ start: 0, end: pair.ts.length }];
  for (const seg of segments) {
    r.reset();
    for (let i = seg.start; i < seg.end; i++) addSeriesPoint(out, r, pair, i);
  }
  return out;
}

function addSeriesPoint(
  out: RollingSeries,
  r: RollingPair,
  pair: { readonly ts: readonly number[]; readonly y: readonly number[]; readonly x: readonly number[] },
  i: number,
): void {
  r.add(pair.y[i], pair.x[i]);
  if (!r.isStable()) return;
  const v = r.getResult();
  out.ts.push(pair.ts[i]);
  out.alpha.push(v.ok ? v.alpha : null);
  out.beta.push(v.ok ? v.beta : null);
  out.r2.push(v.ok ? v.r2 : null);
  out.spread.push(v.ok ? v.spread : null);
  out.z.push(v.ok ? v.z : null);
  out.correlation.push(v.ok ? v.correlation : null);
}
