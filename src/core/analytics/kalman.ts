import type { Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';

export interface KalmanOptions {
  /** State random-walk strength: Vw = delta/(1 − delta)·I. Default 1e-4. */
  readonly delta?: number;
  /** Observation variance. Default 1e-3. */
  readonly ve?: number;
}

export interface KalmanState {
  readonly beta: number;
  readonly alpha: number;
  /** Last forecast error y − ŷ. */
  readonly error: number;
  /** sqrt(Q) of the last step: the forecast error's standard deviation. */
  readonly errorStd: number;
}

/**
 * E. Chan's Kalman hedge ratio, state θ = [beta, alpha] with F = [x_t, 1], θ₀ = 0, P₀ = 0,
 * every step (the first included): R = P + Vw, ŷ = F·θ, Q = F·R·Fᵀ + Ve,
 * K = R·Fᵀ/Q, θ += K·(y − ŷ), P = R − K·F·R. Pure 2×2 arithmetic: O(1) per point.
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

  constructor(opts: KalmanOptions = {}) {
    const delta = opts.delta ?? 1e-4;
    this.vw = delta / (1 - delta);
    this.ve = opts.ve ?? 1e-3;
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

/** The filter run over a window, starting from θ₀, P₀ at its first point. */
export function kalmanHedge(y: Series, x: Series, opts: KalmanOptions = {}): Result<KalmanState> {
  if (y.length !== x.length) return fail('degenerate_input', 'y and x differ in length');
  if (y.length < 1) return fail('not_enough_data', 'Kalman filter needs at least 1 point');
  const k = new KalmanHedge(opts);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]) || !Number.isFinite(x[i])) return fail('degenerate_input', 'non-finite value in Kalman input');
    k.update(y[i], x[i]);
  }
  return { ok: true, ...k.state() };
}
