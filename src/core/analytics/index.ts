/** Public API of the pure analytics layer (../shared/specs/analytics.md). */
export type { BarLike, Failure, FailureReason, Result, CriticalValues } from './types';
export { fail } from './types';
export type { AlignedPair, AlignedSeries } from './align';
export { alignCloses, alignPair, sliceWindow, LEG_X, LEG_Y } from './align';
export type { GapSpan, PointRole, Segment, WalkState } from './breaks';
export {
  BreakIndex,
  MIN_BREAK_MS,
  SegmentWalker,
  breakThresholdMs,
  gapSpanOf,
  isSilenceBreak,
  sameGaps,
  segmentEndingBefore,
  splitSegments,
} from './breaks';
export type { SymbolStats } from './stats';
export { symbolStats, barsInRange } from './stats';
export type { OlsFit, OlsDetail } from './ols';
export { ols, olsDetail } from './ols';
export type { SpreadSummary } from './spread';
export { spreadSeries, spreadSummary } from './spread';
export { logReturns, pearson, logReturnCorrelation } from './correlation';
export type { AdfFit, AdfOptions, AdfRegression } from './adf';
export { adfuller, defaultMaxlag } from './adf';
export type { MacKinnonRegression } from './mackinnon';
export { mackinnonp, mackinnoncrit } from './mackinnon';
export { normCdf } from './normal';
export type { CointFit } from './coint';
export { coint } from './coint';
export type { HalfLife } from './halfLife';
export { halfLife } from './halfLife';
export type { KalmanOptions, KalmanState } from './kalman';
export { KalmanHedge, kalmanHedge } from './kalman';
export type { LineFit, HuberOptions, TheilSenOptions } from './robust';
export { theilSen, huber, THEIL_SEN_MAX_POINTS, THEIL_SEN_EXACT_MAX_POINTS } from './robust';
export { medianSlopeLarge } from './theilSenLarge';
export type { PairIndicator, RollingPairValue, RollingPairOptions, RollingSeries } from './rolling';
export { RollingPair, rollingPairSeries } from './rolling';
export { foldSeries } from './seriesFolding';
export type {
  PairAnalytics,
  PairAnalyticsOptions,
  PairAnalyticsOk,
  PairAnalyticsShort,
  PairAnalyticsIssue,
  StatsJson,
} from './pairAnalytics';
export { pairAnalytics } from './pairAnalytics';
export { mulberry32, gaussian } from './prng';
export type { BenchPair } from './bench';
export { makeBenchPair, benchAdf, benchCoint, benchRolling, benchTheilSen } from './bench';
export type { SpreadMode, HedgeMethod, SpreadDefinition, WindowSpread } from './spreadDefinition';
export { normalizeSpread, usesLogPrices, modeValues, windowSpread, kalmanSpreadValue } from './spreadDefinition';
export { RollingMoments } from './rollingMoments';
export type { RollingSpreadValue, RollingSpreadOptions, RollingSpreadCheckpoint } from './rollingSpread';
export { RollingSpread } from './rollingSpread';
