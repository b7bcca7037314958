/**
 * Backtest worker entry: runs `backtest.run` jobs one at a time, each on a read-only SQLite
 * connection of its own (bars never cross postMessage, and a long grid never blocks the
 * engine's main thread), posting progress after each backtest and then the whole result.
 * The host keeps an idle worker warm for the next job and cancels by terminating the
 * thread. Electron runs the bundled out/main/backtestWorker.js; tsx runtimes reach this
 * file through analytics/workerBootstrap.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/sqliteStore';
import { BacktestDataError, runBacktestJob } from './backtestJob';
import type { BacktestWorkerInit, BacktestWorkerJob, BacktestWorkerMessage } from './jobMessages';

const init = workerData as BacktestWorkerInit;
const port = parentPort;
if (!port) throw new Error('the backtest worker must run in a worker thread');
const post = (m: BacktestWorkerMessage): void => port.postMessage(m);

port.on('message', ({ job, request }: BacktestWorkerJob) => {
  try {
    // A connection per job: it sees what was stored up to now (and symbols added since).
    const store = openStore(init.dbPath, { readonly: true, nativeBinding: init.nativeBinding });
    try {
      const result = runBacktestJob(store, request, {
        onProgress: (done, total) => post({ job, type: 'progress', done, total }),
      });
      post({ job, type: 'done', result });
    } finally {
      store.close();
    }
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ job, type: 'failed', error: e.message, data: e instanceof BacktestDataError });
  }
});
