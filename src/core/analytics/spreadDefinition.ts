/**
 * Spread definitions (../shared/specs/analytics.md, "Spread definitions"; issue 13 item 5).
 *
 * The user chooses the prices the spread is built on (`mode`) and how its hedge ratio is
 * estimated (`hedge`). Over a window of W aligned closes y, x:
 *
 * - Values regressed: raw mode the prices; log and ratio modes ln(price).
 * - ratio mode: s_i = ln y_i − ln x_i, i.e. beta ≡ 1 and alpha ≡ 0 (reported as such); the
 *   hedge method does not apply and is ignored (it normalises to 'ols').
 * - hedge 'ols': s_i = the OLS residuals of the window (what Tickscope always drew).
 * - hedge 'theil-sen': s_i = v_y,i − alpha − beta·v_x,i with the window's Theil–Sen line
 *   (scipy.stats.theilslopes slope, alpha = median(v_y) − beta·median(v_x)).
 * - hedge 'kalman': the filter of kalman.ts on LOG prices in both modes, started at the
 *   window's first point from the window's OLS fit of ln y on ln x, P₀ = 0 (the same run as
 *   the `kalman` figures). s_i = its one-step forecast error at point i: the innovation
 *   e_i = ln y_i − ŷ_i in log mode, and the same forecast in price units in raw mode,
 *   s_i = y_i − exp(ŷ_i) = y_i·(1 − e^(−e_i)). Why the forecast error and not the residual
 *   after the update: it uses only the points before i for the hedge (no look-ahead), it is
 *   E. Chan's trading spread, and the filter's posterior residual is shrunk towards 0 by
 *   construction. Why price units in raw mode: the spread keeps the units of the mode the
 *   user chose (raw OLS and raw Kalman spreads are comparable), and it is monotone in e_i.
 *   Its hedge line is the filter's last state: beta in the mode's units (raw: betaLog·y/x
 *   at the last point), alpha = alphaLog.
 * - z = (s_last − mean(s)) / std(s, ddof = 1) over the window (for OLS mean(s) = 0);
 *   ADF and half-life run on s. Cointegration stays Engle–Granger on the mode's prices
 *   (raw mode prices, log and ratio modes ln prices).
 */
import type { Result } from './types';
import { fail } from './types';
import type { Series } from './numeric';
import { olsDetail } from './ols';
import { theilSen } from './robust';
import { KalmanHedge, rawHedgeRatio, type KalmanOptions } from './kalman';

export type SpreadMode = 'raw' | 'log' | 'ratio';
export type HedgeMethod = 'ols' | 'kalman' | 'theil-sen';

export interface SpreadDefinition {
  readonly mode: SpreadMode;
  readonly hedge: HedgeMethod;
}

/** Defaults filled in; ratio mode's hedge is always 'ols' (it has none to choose). */
export function normalizeSpread(mode: SpreadMode = 'raw', hedge: HedgeMethod = 'ols'): SpreadDefinition {
  return { mode, hedge: mode === 'ratio' ? 'ols' : hedge };
}

/** Whether the mode regresses ln(price) (log and ratio) rather than prices. */
export function usesLogPrices(mode: SpreadMode): boolean {
  return mode !== 'raw';
}

/** The values the mode works on: prices, or ln(prices) (failing on a price ≤ 0). */
export function modeValues(prices: Series, mode: SpreadMode): Result<{ values: Float64Array }> {
  const v = Float64Array.from(prices as ArrayLike<number>);
  if (!usesLogPrices(mode)) return { ok: true, values: v };
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] > 0) || !Number.isFinite(v[i]))
      return fail('degenerate_input', `${mode} mode needs every price finite and > 0`);
    v[i] = Math.log(v[i]);
  }
  return { ok: true, values: v };
}

export interface WindowSpread {
  /** The spread at every point of the window. */
  readonly spread: Float64Array;
  /** The hedge line the spread uses (see the definitions above). */
  readonly alpha: number;
  readonly beta: number;
}

/** The spread of one window of aligned prices under a definition (the comment block above). */
export function windowSpread(
  y: Series,
  x: Series,
  def: SpreadDefinition,
  kalman: KalmanOptions = {},
): Result<WindowSpread> {
  if (y.length !== x.length) return fail('degenerate_input', 'y and x differ in length');
  const { mode, hedge } = normalizeSpread(def.mode, def.hedge);
  const vy = modeValues(y, mode);
  if (!vy.ok) return vy;
  const vx = modeValues(x, mode);
  if (!vx.ok) return vx;
  if (mode === 'ratio') return { ok: true, spread: lineResiduals(vy.values, vx.values, 0, 1), alpha: 0, beta: 1 };
  if (hedge === 'kalman') return kalmanSpread(y, x, mode, kalman);
  const fit = hedge === 'ols' ? olsDetail(vy.values, vx.values) : theilSen(vy.values, vx.values);
  if (!fit.ok) return fit;
  return {
    ok: true,
    spread: lineResiduals(vy.values, vx.values, fit.alpha, fit.beta),
    alpha: fit.alpha,
    beta: fit.beta,
  };
}

function lineResiduals(vy: Float64Array, vx: Float64Array, alpha: number, beta: number): Float64Array {
  const s = new Float64Array(vy.length);
  for (let i = 0; i < vy.length; i++) s[i] = vy[i] - alpha - beta * vx[i];
  return s;
}

/** The Kalman forecast error of a log forecast, in the mode's units (see above). */
export function kalmanSpreadValue(error: number, y: number, mode: SpreadMode): number {
  return mode === 'raw' ? -y * Math.expm1(-error) : error;
}

function kalmanSpread(y: Series, x: Series, mode: SpreadMode, opts: KalmanOptions): Result<WindowSpread> {
  const ly = modeValues(y, 'log');
  const lx = modeValues(x, 'log');
  if (!ly.ok || !lx.ok)
    return fail('degenerate_input', 'the Kalman filter runs on log prices: every price must be finite and > 0');
  const start = olsDetail(ly.values, lx.values);
  if (!start.ok) return fail(start.reason, `Kalman start (OLS of ln y on ln x): ${start.message}`);
  const k = new KalmanHedge(opts, { beta: start.beta, alpha: start.alpha });
  const s = new Float64Array(y.length);
  for (let i = 0; i < s.length; i++) {
    k.update(ly.values[i], lx.values[i]);
    s[i] = kalmanSpreadValue(k.state().error, y[i], mode);
  }
  const st = k.state();
  const last = y.length - 1;
  const beta = mode === 'raw' ? rawHedgeRatio(st.beta, y[last], x[last]) : st.beta;
  return { ok: true, spread: s, alpha: st.alpha, beta };
}
