/** The engine's analytics: a worker that owns the math, and the live service around it. */
export { createAnalyticsService, mergePoints } from './service';
export type {
  AnalyticsService,
  AnalyticsServiceOptions,
  AnalyticsServiceStats,
  AnalyticsHandlers,
  PairEvaluateEvent,
  PairFoldEvent,
} from './service';
export { AnalyticsWorkerHost, WorkerCallError } from './workerHost';
export type { WorkerHostOptions } from './workerHost';
export { resolveWorkerEntry, BUNDLED_WORKER } from './workerEntry';
export type { WorkerEntry } from './workerEntry';
export { snapshotFromStore } from './snapshot';
export { seriesFromStore, rollingSeriesPoints, DEFAULT_SERIES_LIMIT } from './series';
export type { SeriesQuery } from './series';
export type { BarReader } from './barReader';
