/**
 * Shared result and input types of the analytics layer.
 *
 * Every analytic returns either its figures or a failure that says why there are none,
 * so the UI and CLI never have to render NaN or Infinity.
 */

/** Structural copy of the bar shape in src/shared/market.ts (kept structural so this
 * layer has no dependency on the app's shared types). */
export interface BarLike {
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly quoteVolume: number;
  readonly symbol?: string;
}

/** Why an analytic has no value:
 * - `not_enough_data`: fewer points than the computation needs.
 * - `degenerate_input`: enough points, but the regression or statistic is undefined
 *   (constant series, perfectly collinear legs, singular design matrix, non-finite input).
 * - `too_large`: the exact algorithm would be too costly for this size (Theil–Sen only). */
export type FailureReason = 'not_enough_data' | 'degenerate_input' | 'too_large';

export interface Failure {
  readonly ok: false;
  readonly reason: FailureReason;
  readonly message: string;
}

export type Result<T> = ({ readonly ok: true } & T) | Failure;

export function fail(reason: FailureReason, message: string): Failure {
  return { ok: false, reason, message };
}

/** Critical values keyed like statsmodels' dict so the JSON shape matches the CLI spec. */
export interface CriticalValues {
  readonly '1%': number;
  readonly '5%': number;
  readonly '10%': number;
}
