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

const reader = reopeningReader(() => openStore(init.dbPath, { readonly: true, nativeBinding: init.nativeBinding }));
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
port.on('close', () => reader.close());
