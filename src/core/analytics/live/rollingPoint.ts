import type { KalmanHedge, RollingPair, RollingSpread } from '../index';
import type { RollingPoint } from '../../../shared/contract/analytics';
import { sanitizePoint } from './sanitize';

/** The chart point at the latest input of `rolling` and `kalman`; rolling figures are null
 * until the window is full (specs: the rolling series starts at the W-th point). */
export function rollingPoint(ts: number, y: number, x: number, rolling: RollingPair, kalman: KalmanHedge): RollingPoint {
  const k = kalman.state();
  const r = rolling.isStable() ? rolling.getResult() : null;
  const ok = r !== null && r.ok ? r : null;
  return sanitizePoint({
    ts,
    y,
    x,
    alpha: ok?.alpha ?? null,
    beta: ok?.beta ?? null,
    r2: ok?.r2 ?? null,
    spread: ok?.spread ?? null,
    spreadStd: ok?.spreadStd ?? null,
    z: ok?.z ?? null,
    correlation: ok?.correlation ?? null,
    kalmanBeta: k.beta,
    kalmanAlpha: k.alpha,
  });
}

/**
 * The chart point at the latest input of a RollingSpread (core rollingSpread.ts): alpha,
 * beta and r2 are the rolling OLS of the mode's values (what the "OLS β" chart draws), the
 * spread, its std and z follow the spread definition, and the Kalman columns come from the
 * filter on log prices (beta in the mode's units). Every figure is null until the window
 * of the segment is full.
 */
export function spreadPoint(ts: number, y: number, x: number, spread: RollingSpread): RollingPoint {
  const v = spread.point();
  return sanitizePoint({
    ts,
    y,
    x,
    alpha: v.alpha,
    beta: v.beta,
    r2: v.r2,
    spread: v.spread,
    spreadStd: v.spreadStd,
    z: v.z,
    correlation: v.correlation,
    kalmanBeta: v.kalmanBeta,
    kalmanAlpha: v.kalmanAlpha,
  });
}

/** Copy of a filter's full state. KalmanHedge has no clone() (it lives in core, owned by
 * the analytics engineer), and its fields are plain numbers, so an own-property copy with
 * the same prototype is a faithful snapshot; needed to undo the forming bar's step. */
export function cloneKalman(k: KalmanHedge): KalmanHedge {
  return Object.assign(Object.create(Object.getPrototypeOf(k) as object) as KalmanHedge, k);
}
