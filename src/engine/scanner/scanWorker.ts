/**
 * Scan worker entry: prepares every leg of the universe once (ln close, bar times), then
 * answers chunks of pairs with their outcomes. Electron runs the bundled out/main/scanWorker.js;
 * tsx runtimes reach this file through analytics/workerBootstrap.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareLeg } from '../../core/scanner/legs';
import { scanPair } from '../../core/scanner/scanPair';
import type { PairOutcome } from '../../core/scanner/types';
import type { ScanChunkRequest, ScanWorkerInit, ScanWorkerReply } from './messages';

const init = workerData as ScanWorkerInit;
const port = parentPort;
if (!port) throw new Error('the scan worker must run in a worker thread');

const legs = init.legs.map(prepareLeg);

port.on('message', (req: ScanChunkRequest) => {
  let reply: ScanWorkerReply;
  try {
    const outcomes: PairOutcome[] = [];
    for (let k = 0; k < req.pairs.length; k += 2)
      outcomes.push(scanPair(legs[req.pairs[k]!]!, legs[req.pairs[k + 1]!]!, init.options));
    reply = { id: req.id, ok: true, outcomes };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id: req.id, ok: false, error: { message: e.message, stack: e.stack } };
  }
  port.postMessage(reply);
});
