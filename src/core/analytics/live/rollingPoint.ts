import type { RollingSpread } from '../index';
import type { RollingPoint } from '../../../shared/contract/analytics';
import { sanitizePoint } from './sanitize';

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
