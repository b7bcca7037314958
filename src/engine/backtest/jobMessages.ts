import type { BacktestResult, BacktestRunRequest } from '../../shared/contract';

/** workerData of a backtest worker. */
export interface BacktestWorkerInit {
  readonly dbPath: string;
  readonly nativeBinding?: string;
  /** For the tsx bootstrap (analytics/workerBootstrap.mjs): the TypeScript entry to import. */
  readonly tsEntry?: string;
}

/** A job for the worker; the request was already validated against the contract. */
export interface BacktestWorkerJob {
  readonly job: string;
  readonly request: BacktestRunRequest;
}

/** What a backtest worker posts per job: progress any number of times, then done or failed once. */
export type BacktestWorkerMessage = { readonly job: string } & (
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly result: BacktestResult }
  /** data: the request does not fit the data (one line for the user); otherwise a fault. */
  | { readonly type: 'failed'; readonly error: string; readonly data: boolean }
);
