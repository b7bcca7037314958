import type { KalmanHedge, RollingPair } from '../index';
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

/** Copy of a filter's full state. KalmanHedge has no clone() (it lives in core, owned by
 * the analytics engineer), and its fields are plain numbers, so an own-property copy with
 * the same prototype is a faithful snapshot; needed to undo the forming bar's step. */
export function cloneKalman(k: KalmanHedge): KalmanHedge {
  return Object.assign(Object.create(Object.getPrototypeOf(k) as object) as KalmanHedge, k);
}
