import { KalmanHedge, rawHedgeRatio, type KalmanOptions } from './kalman';
import { olsDetail } from './ols';
import { theilSen } from './robust';
import { RollingMoments } from './rollingMoments';
import { RollingPair } from './rolling';
import {
  kalmanSpreadValue,
  normalizeSpread,
  usesLogPrices,
  type HedgeMethod,
  type SpreadMode,
} from './spreadDefinition';

/** The figures of the rolling series at the latest point (null until defined). */
export interface RollingSpreadValue {
  /** Rolling OLS of the mode's values (prices, or ln prices in log and ratio modes). */
  readonly alpha: number | null;
  readonly beta: number | null;
  readonly r2: number | null;
  /** Pearson correlation of the window's log returns. */
  readonly correlation: number | null;
  /** The chosen spread at the latest point, its window std (ddof = 1) and z. */
  readonly spread: number | null;
  readonly spreadStd: number | null;
  readonly z: number | null;
  /** The hedge line the spread uses (ratio: 0 and 1). */
  readonly hedgeAlpha: number | null;
  readonly hedgeBeta: number | null;
  /** The filter on log prices: beta in the mode's units (raw: betaLog·y/x), alpha in log units. */
  readonly kalmanBeta: number | null;
  readonly kalmanAlpha: number | null;
}

export interface RollingSpreadOptions {
  readonly kalman?: KalmanOptions;
  /** Theil–Sen re-fit cadence in points; default ceil(W / 10) (see the class comment). */
  readonly theilSenEvery?: number;
}

/**
 * What a RollingSpread carries beyond its last W points, after some point: O(1) in size.
 * With the W points ending there (prices and `lastSpread()` values), `restore()` rebuilds
 * the exact state, so a live pair can rewind to a point (a late bar) without replaying the
 * segment from its start.
 */
export interface RollingSpreadCheckpoint {
  readonly seen: number;
  readonly kalman: KalmanHedge | null;
  readonly kalmanBefore: KalmanHedge | null;
  readonly logsOk: boolean;
  readonly fit: { alpha: number; beta: number } | null;
  readonly nextFit: number;
}

const NONE: RollingSpreadValue = {
  alpha: null,
  beta: null,
  r2: null,
  correlation: null,
  spread: null,
  spreadStd: null,
  z: null,
  hedgeAlpha: null,
  hedgeBeta: null,
  kalmanBeta: null,
  kalmanAlpha: null,
};

/**
 * The rolling series of ../shared/specs/analytics.md under a spread definition
 * (spreadDefinition.ts), one point at a time: add() a new aligned point, replace() the
 * forming one, reset() after a break. Every figure is defined from the W-th point of a
 * segment on.
 *
 * - ols: RollingPair's O(1) rolling OLS residual and z (of ln prices in log mode).
 * - ratio: s = ln y − ln x, mean and std over the window in O(1) (RollingMoments).
 * - kalman: ONE filter per segment on log prices. At the segment's W-th point it starts
 *   from the OLS fit of ln y on ln x over those W points (P₀ = 0) and runs over them (O(W)
 *   once per segment), so its figures there equal the snapshot's on that window; after
 *   that it steps once per point, O(1). s = its forecast error (log mode) or
 *   y − exp(ŷ) (raw mode); z over the last W values of s.
 * - theil-sen: the Theil–Sen line is fitted at the segment's W-th point on that window, and
 *   then again every `theilSenEvery` points (default ceil(W/10)) once the due point has
 *   closed (when the next point is added, on the window ending at the due point). Point i
 *   uses the latest fit made before it (the W-th point its own). Each fit costs
 *   O(W²) up to 1500 points, O(W log W) above, and re-evaluates the window's spreads (O(W));
 *   between fits a point costs O(1). So a closed point's figures never depend on how its
 *   bar was formed, and batch and live series agree.
 *
 * The Kalman columns are filled in every definition (they are what the β chart draws).
 */
export class RollingSpread {
  readonly mode: SpreadMode;
  readonly hedge: HedgeMethod;
  private readonly w: number;
  private readonly pair: RollingPair;
  private readonly moments: RollingMoments;
  private readonly kalmanOpts: KalmanOptions;
  private readonly every: number;
  // Raw prices of the segment's last W points (ring), for the filter start and the re-fits.
  private readonly ys: Float64Array;
  private readonly xs: Float64Array;
  private head = 0;
  private count = 0;
  /** Points of the current segment so far. */
  private seen = 0;
  private kalman: KalmanHedge | null = null;
  private kalmanBefore: KalmanHedge | null = null;
  /** False once a price ≤ 0 (raw mode only): no log-price filter in this segment. */
  private logsOk = true;
  private fit: { alpha: number; beta: number } | null = null;
  /** Segment point count at which the next Theil–Sen fit is due. */
  private nextFit = 0;

  constructor(window: number, mode: SpreadMode = 'raw', hedge: HedgeMethod = 'ols', opts: RollingSpreadOptions = {}) {
    const def = normalizeSpread(mode, hedge);
    this.mode = def.mode;
    this.hedge = def.hedge;
    this.w = window;
    this.pair = new RollingPair(window, { log: usesLogPrices(def.mode) });
    this.moments = new RollingMoments(window);
    this.kalmanOpts = opts.kalman ?? {};
    this.every = opts.theilSenEvery ?? Math.max(1, Math.ceil(window / 10));
    if (!Number.isInteger(this.every) || this.every < 1)
      throw new RangeError(`theilSenEvery must be an integer ≥ 1, got ${this.every}`);
    this.ys = new Float64Array(window);
    this.xs = new Float64Array(window);
    this.reset();
  }

  get window(): number {
    return this.w;
  }

  /** Whether the window is full (the figures are defined). */
  isStable(): boolean {
    return this.seen >= this.w;
  }

  /** Forgets the segment (after a break). O(1). */
  reset(): void {
    this.pair.reset();
    this.moments.reset();
    this.head = this.count = this.seen = 0;
    this.kalman = this.kalmanBefore = null;
    this.logsOk = true;
    this.fit = null;
    this.nextFit = this.w;
  }

  /** A new aligned point (a newly opened bar). */
  add(y: number, x: number): void {
    this.check(y, x, 'add');
    // The due Theil–Sen point has closed: re-fit on the window ending at it.
    if (this.hedge === 'theil-sen' && this.seen > this.w && this.seen === this.nextFit) this.refitTheilSen();
    this.pair.add(y, x);
    this.push(y, x);
    this.seen++;
    this.step(y, x, false);
  }

  /** Replaces the latest point (the forming bar changed). */
  replace(y: number, x: number): void {
    if (this.seen === 0) {
      this.add(y, x);
      return;
    }
    this.check(y, x, 'replace');
    this.pair.replace(y, x);
    const s = (this.head + this.count - 1) % this.w;
    this.ys[s] = y;
    this.xs[s] = x;
    this.step(y, x, true);
  }

  private check(y: number, x: number, what: string): void {
    if (!Number.isFinite(y) || !Number.isFinite(x)) throw new RangeError(`RollingSpread.${what}: non-finite input`);
    if (usesLogPrices(this.mode) && !(y > 0 && x > 0))
      throw new RangeError(`RollingSpread.${what}: ${this.mode} mode needs positive prices`);
  }

  private push(y: number, x: number): void {
    if (this.count === this.w) {
      this.head = (this.head + 1) % this.w;
      this.count--;
    }
    const s = (this.head + this.count) % this.w;
    this.ys[s] = y;
    this.xs[s] = x;
    this.count++;
  }

  /** The spread value of the latest point that feeds the window's mean and std (kalman,
   * ratio, theil-sen), or null (ols, or before the window is full): store it with a checkpoint. */
  lastSpread(): number | null {
    if (!this.isStable() || (this.mode !== 'ratio' && this.hedge === 'ols')) return null;
    return this.moments.summary()?.last ?? null;
  }

  /**
   * Every spread value feeding the window's mean and std, oldest first (empty for ols or
   * before the window is full). At the segment's W-th point this is how the W − 1 earlier
   * points get theirs (they are computed only once the window starts): a caller keeping
   * values for restore() reads them there, once per segment.
   */
  windowSpreads(): Float64Array {
    if (this.lastSpread() === null) return new Float64Array(0);
    return this.moments.values();
  }

  /** The state after the latest point, minus the windowed buffers (see RollingSpreadCheckpoint). */
  checkpoint(): RollingSpreadCheckpoint {
    return {
      seen: this.seen,
      kalman: this.kalman ? cloneKalman(this.kalman) : null,
      kalmanBefore: this.kalmanBefore ? cloneKalman(this.kalmanBefore) : null,
      logsOk: this.logsOk,
      fit: this.fit,
      nextFit: this.nextFit,
    };
  }

  /**
   * Back to the state a checkpoint was taken in. `recent` holds the points of the segment
   * ending at that point (its last min(seen, W) are used, oldest first) and, per point, the
   * `lastSpread()` read right after it (with the first window's from `windowSpreads()`);
   * only the Kalman hedge reads them, the other spreads follow from the prices. O(W).
   */
  restore(
    cp: RollingSpreadCheckpoint,
    recent: { y: ArrayLike<number>; x: ArrayLike<number>; spread: ArrayLike<number | null> },
  ): void {
    this.reset();
    const n = Math.min(cp.seen, this.w);
    const from = recent.y.length - n;
    if (from < 0 || recent.x.length !== recent.y.length || recent.spread.length !== recent.y.length) {
      throw new RangeError(`RollingSpread.restore: needs the last ${n} points of the segment`);
    }
    const values: number[] = [];
    for (let i = from; i < recent.y.length; i++) {
      this.pair.add(recent.y[i], recent.x[i]);
      this.push(recent.y[i], recent.x[i]);
      const v = recent.spread[i];
      if (v !== null && v !== undefined) values.push(v);
    }
    this.seen = cp.seen;
    if (cp.seen === this.w) {
      // The first full window: its state is what starting the window computes (spreads
      // before it were never read out), so compute it again.
      this.startWindow();
      return;
    }
    this.kalman = cp.kalman ? cloneKalman(cp.kalman) : null;
    this.kalmanBefore = cp.kalmanBefore ? cloneKalman(cp.kalmanBefore) : null;
    this.logsOk = cp.logsOk;
    this.fit = cp.fit;
    this.nextFit = cp.nextFit;
    if (!this.isStable()) return;
    // Ratio and Theil–Sen spreads follow from the prices (a re-fit re-evaluates the whole
    // window); only the Kalman forecast errors need the values read out after each point.
    if (this.mode === 'ratio') this.moments.setAll(this.ratioValues());
    else if (this.hedge === 'theil-sen' && this.fit) this.moments.setAll(this.fitValues(this.fit));
    else if (this.hedge === 'kalman') this.moments.setAll(values);
  }

  /** Oldest-first copy of the held prices. */
  private held(): { y: Float64Array; x: Float64Array } {
    const y = new Float64Array(this.count);
    const x = new Float64Array(this.count);
    for (let k = 0; k < this.count; k++) {
      const s = (this.head + k) % this.w;
      y[k] = this.ys[s];
      x[k] = this.xs[s];
    }
    return { y, x };
  }

  /** Brings the filter, the fit and the spread moments up to the latest point. */
  private step(y: number, x: number, replacing: boolean): void {
    if (!(y > 0 && x > 0)) this.logsOk = false;
    const first = this.seen === this.w;
    // The W-th point starts the filter and the Theil–Sen fit (again when it is replaced).
    if (first) {
      this.startWindow();
      return;
    }
    if (this.seen < this.w) return;
    if (this.kalman) {
      if (replacing) this.kalman = cloneKalman(this.kalmanBefore!);
      else this.kalmanBefore = cloneKalman(this.kalman);
      if (this.logsOk) this.kalman.update(Math.log(y), Math.log(x));
      else this.kalman = null;
    }
    const v = this.spreadValue(y, x);
    if (v === null) return;
    if (replacing) this.moments.replace(v);
    else this.moments.add(v);
  }

  private startWindow(): void {
    this.startKalman();
    if (this.hedge === 'theil-sen') this.refitTheilSen();
    if (this.mode === 'ratio') this.moments.setAll(this.ratioValues());
  }

  /** The latest point's spread under a hedge that keeps moments (not ols). */
  private spreadValue(y: number, x: number): number | null {
    if (this.mode === 'ratio') return Math.log(y) - Math.log(x);
    if (this.hedge === 'kalman') return this.kalman ? kalmanSpreadValue(this.kalman.state().error, y, this.mode) : null;
    if (this.hedge === 'theil-sen' && this.fit)
      return this.modeValue(y) - this.fit.alpha - this.fit.beta * this.modeValue(x);
    return null;
  }

  private modeValue(p: number): number {
    return usesLogPrices(this.mode) ? Math.log(p) : p;
  }

  private ratioValues(): Float64Array {
    const h = this.held();
    return h.y.map((v, i) => Math.log(v) - Math.log(h.x[i]));
  }

  private startKalman(): void {
    this.kalman = this.kalmanBefore = null;
    if (!this.logsOk) return;
    const h = this.held();
    for (let i = 0; i < h.y.length; i++) {
      if (!(h.y[i] > 0 && h.x[i] > 0)) return;
    }
    const ly = h.y.map(Math.log);
    const lx = h.x.map(Math.log);
    const start = olsDetail(ly, lx);
    if (!start.ok) return;
    const k = new KalmanHedge(this.kalmanOpts, { beta: start.beta, alpha: start.alpha });
    const errors = new Float64Array(ly.length);
    for (let i = 0; i < ly.length; i++) {
      if (i === ly.length - 1) this.kalmanBefore = cloneKalman(k);
      k.update(ly[i], lx[i]);
      errors[i] = kalmanSpreadValue(k.state().error, h.y[i], this.mode);
    }
    this.kalman = k;
    if (this.hedge === 'kalman' && this.mode !== 'ratio') this.moments.setAll(errors);
  }

  private refitTheilSen(): void {
    const h = this.held();
    const vy = h.y.map((p) => this.modeValue(p));
    const vx = h.x.map((p) => this.modeValue(p));
    const f = theilSen(vy, vx);
    this.fit = f.ok ? { alpha: f.alpha, beta: f.beta } : null;
    this.nextFit = this.seen + this.every;
    if (!this.fit) {
      this.moments.reset();
      return;
    }
    this.moments.setAll(this.fitValues(this.fit));
  }

  /** The held window's spreads under a fixed line. */
  private fitValues(fit: { alpha: number; beta: number }): Float64Array {
    const h = this.held();
    return h.y.map((p, i) => this.modeValue(p) - fit.alpha - fit.beta * this.modeValue(h.x[i]));
  }

  /** The figures at the latest point (every field null until the window is full). */
  point(): RollingSpreadValue {
    if (!this.isStable()) return NONE;
    const r = this.pair.getResult();
    const ols = r.ok ? r : null;
    const k = this.kalman?.state() ?? null;
    const last = (this.head + this.count - 1) % this.w;
    const y = this.ys[last];
    const x = this.xs[last];
    const kalmanBeta = k ? (this.mode === 'raw' ? rawHedgeRatio(k.beta, y, x) : k.beta) : null;
    let spread: number | null = null;
    let spreadStd: number | null = null;
    let z: number | null = null;
    let hedge: { alpha: number; beta: number } | null = null;
    if (this.mode === 'ratio') hedge = { alpha: 0, beta: 1 };
    else if (this.hedge === 'ols') hedge = ols ? { alpha: ols.alpha, beta: ols.beta } : null;
    else if (this.hedge === 'kalman') hedge = k && kalmanBeta !== null ? { alpha: k.alpha, beta: kalmanBeta } : null;
    else hedge = this.fit;
    if (this.mode !== 'ratio' && this.hedge === 'ols') {
      if (ols) ({ spread, spreadStd, z } = ols);
    } else if (hedge) {
      const m = this.moments.summary();
      if (m && m.std > 0) {
        spread = m.last;
        spreadStd = m.std;
        z = (m.last - m.mean) / m.std;
      }
    }
    return {
      alpha: ols?.alpha ?? null,
      beta: ols?.beta ?? null,
      r2: ols?.r2 ?? null,
      correlation: ols?.correlation ?? null,
      spread,
      spreadStd,
      z,
      hedgeAlpha: hedge?.alpha ?? null,
      hedgeBeta: hedge?.beta ?? null,
      kalmanBeta,
      kalmanAlpha: k?.alpha ?? null,
    };
  }
}

/** A filter's full state (its fields are plain numbers): undoes the forming point's step. */
function cloneKalman(k: KalmanHedge): KalmanHedge {
  return Object.assign(Object.create(Object.getPrototypeOf(k) as object) as KalmanHedge, k);
}
