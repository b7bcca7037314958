import { resolveWorkerEntry, type WorkerEntry, type WorkerFiles } from '../analytics/workerEntry';

/** The backtest worker's files: out/main/backtestWorker.js in the build (an electron-vite main
 * input), this folder's backtestWorker.ts under tsx (a path relative to analytics/). */
export const BACKTEST_WORKER_FILES: WorkerFiles = {
  bundled: 'backtestWorker.js',
  tsEntry: '../backtest/backtestWorker.ts',
};

export function resolveBacktestWorkerEntry(opts: { bundleDir?: string | URL } = {}): WorkerEntry {
  return resolveWorkerEntry({ ...opts, files: BACKTEST_WORKER_FILES });
}
