import type { Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';
import { olsDetail } from './ols';

export interface KalmanOptions {
  /** State random-walk strength: Vw = delta/(1 − delta)·I. Default 1e-4. */
  readonly delta?: number;
  /** Observation variance. Default 1e-3. */
  readonly ve?: number;
}

export interface KalmanState {
  /** Slope and intercept of the filter's own inputs (log prices when fed by kalmanHedge). */
  readonly beta: number;
  readonly alpha: number;
  /** Last forecast error y − ŷ. */
  readonly error: number;
  /** sqrt(Q) of the last step: the forecast error's standard deviation. */
  readonly errorStd: number;
}

/**
 * E. Chan's Kalman hedge ratio, state θ = [beta, alpha] with F = [x_t, 1], starting from
 * θ₀ (default 0) and P₀ = 0, every step (the first included): R = P + Vw, ŷ = F·θ,
 * Q = F·R·Fᵀ + Ve, K = R·Fᵀ/Q, θ += K·(y − ŷ), P = R − K·F·R. Pure 2×2 arithmetic: O(1)
 * per point. It filters whatever it is fed; Tickscope feeds it log prices (kalmanHedge).
 */
export class KalmanHedge {
  private b = 0;
  private a = 0;
  // P = [[p00, p01], [p01, p11]] (symmetric).
  private p00 = 0;
  private p01 = 0;
  private p11 = 0;
  private readonly vw: number;
  private readonly ve: number;
  private lastError = 0;
  private lastQ = 0;
  private count = 0;

  constructor(opts: KalmanOptions = {}, theta0: { beta: number; alpha: number } = { beta: 0, alpha: 0 }) {
    const delta = opts.delta ?? 1e-4;
    this.vw = delta / (1 - delta);
    this.ve = opts.ve ?? 1e-3;
    this.b = theta0.beta;
    this.a = theta0.alpha;
  }

  update(y: number, x: number): void {
    const r00 = this.p00 + this.vw;
    const r01 = this.p01;
    const r11 = this.p11 + this.vw;
    const yhat = this.b * x + this.a;
    // R·Fᵀ
    const rf0 = r00 * x + r01;
    const rf1 = r01 * x + r11;
    const q = x * rf0 + rf1 + this.ve;
    const k0 = rf0 / q;
    const k1 = rf1 / q;
    const e = y - yhat;
    this.b += k0 * e;
    this.a += k1 * e;
    // P = R − K·(F·R), F·R = (R·Fᵀ)ᵀ since R is symmetric.
    this.p00 = r00 - k0 * rf0;
    this.p01 = r01 - k0 * rf1;
    this.p11 = r11 - k1 * rf1;
    this.lastError = e;
    this.lastQ = q;
    this.count++;
  }

  get steps(): number {
    return this.count;
  }

  state(): KalmanState {
    return { beta: this.b, alpha: this.a, error: this.lastError, errorStd: Math.sqrt(this.lastQ) };
  }
}

/** The window figures of ../shared/specs/analytics.md: the filter on log prices, and the
 * hedge ratio in the price mode's units. */
export interface KalmanWindow {
  /** β in the mode's units: betaLog in log mode, betaLog · y_t / x_t at the last point in raw mode. */
  readonly beta: number;
  /** The filter's intercept (log units in every mode: a raw-unit intercept is not defined). */
  readonly alpha: number;
  readonly betaLog: number;
  readonly alphaLog: number;
  /** Last forecast error ln y − ŷ and its standard deviation sqrt(Q), log units. */
  readonly error: number;
  readonly errorStd: number;
}

/**
 * The filter over one window of prices: on ln y, ln x, starting at the window's first point
 * from θ₀ = the OLS fit of ln y on ln x over the window and P₀ = 0. On raw prices as far
 * apart as BTC and ETH the intercept cannot move and β collapses to the price ratio; from
 * θ₀ = 0 on log prices of a few minutes it never learns β. Both failures are why the spec
 * moved to this form.
 */
export function kalmanHedge(y: Series, x: Series, opts: KalmanOptions & { log?: boolean } = {}): Result<KalmanWindow> {
  if (y.length !== x.length) return fail('degenerate_input', 'y and x differ in length');
  if (y.length < 1) return fail('not_enough_data', 'Kalman filter needs at least 1 point');
  const ly = new Array<number>(y.length);
  const lx = new Array<number>(x.length);
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] > 0) || !(x[i] > 0) || !Number.isFinite(y[i]) || !Number.isFinite(x[i])) {
      return fail('degenerate_input', 'the Kalman filter runs on log prices: every price must be finite and > 0');
    }
    ly[i] = Math.log(y[i]);
    lx[i] = Math.log(x[i]);
  }
  const start = olsDetail(ly, lx);
  if (!start.ok) return fail(start.reason, `Kalman start (OLS of ln y on ln x): ${start.message}`);
  const k = new KalmanHedge(opts, { beta: start.beta, alpha: start.alpha });
  for (let i = 0; i < ly.length; i++) k.update(ly[i], lx[i]);
  const s = k.state();
  const last = y.length - 1;
  return {
    ok: true,
    beta: opts.log ? s.beta : rawHedgeRatio(s.beta, y[last], x[last]),
    alpha: s.alpha,
    betaLog: s.beta,
    alphaLog: s.alpha,
    error: s.error,
    errorStd: s.errorStd,
  };
}

/** The raw-unit hedge ratio at a point of a log-price β: d y / d x = β_log · y / x. */
export function rawHedgeRatio(betaLog: number, y: number, x: number): number {
  return (betaLog * y) / x;
}
