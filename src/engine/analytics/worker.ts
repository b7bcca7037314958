/**
 * Analytics worker entry: owns the heavy math and its own read-only SQLite connection, so
 * big reads and ADF/coint never block the main process and bars never cross postMessage
 * in bulk. Electron runs the bundled out/main/analyticsWorker.js; tsx runtimes reach this
 * file through workerBootstrap.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/sqliteStore';
import { reopeningReader } from './barReader';
import type { AnalyticsWorkerInit, WorkerRequest, WorkerResponse } from './messages';
import { createWorkerCore } from './workerCore';

const init = workerData as AnalyticsWorkerInit;
const port = parentPort;
if (!port) throw new Error('analytics worker must run in a worker thread');

// The engine checked the file when it opened it (quick_check); these connections need not.
const reader = reopeningReader(() =>
  openStore(init.dbPath, { readonly: true, nativeBinding: init.nativeBinding, verify: false }),
);
const core = createWorkerCore(reader);

port.on('message', (req: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    const handler = core[req.call] as (args: unknown) => unknown;
    res = { id: req.id, ok: true, result: handler(req.args) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    res = { id: req.id, ok: false, error: { message: e.message, stack: e.stack } };
  }
  port.postMessage(res);
});
// WAL checkpoints copy the log into the database and fsync it: tens of milliseconds that
// would stall the main thread's event loop. A second, writable connection here does them
// instead (PASSIVE: never waits for the writer); the engine turns off its own autocheckpoint.
let checkpointer: ReturnType<typeof openStore> | null = null;
let checkpointTimer: ReturnType<typeof setInterval> | null = null;
if (init.checkpointEveryMs && init.checkpointEveryMs > 0) {
  checkpointer = openStore(init.dbPath, { nativeBinding: init.nativeBinding, verify: false });
  checkpointTimer = setInterval(() => {
    try {
      checkpointer?.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or closing: the next tick tries again, and the engine has a fallback.
    }
  }, init.checkpointEveryMs);
}

port.on('close', () => {
  if (checkpointTimer) clearInterval(checkpointTimer);
  checkpointer?.close();
  reader.close();
});
