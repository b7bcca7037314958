import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { pairIndices } from '../../core/scanner/pairs';
import { rankPairs } from '../../core/scanner/rank';
import type { PairOutcome, ScanOptions, ScanResult } from '../../core/scanner/types';
import type { WorkerEntry } from '../analytics/workerEntry';
import type { ScanChunkRequest, ScanLegData, ScanWorkerInit, ScanWorkerReply } from './messages';
import { resolveScanWorkerEntry } from './scanWorkerEntry';

export interface ScanPoolOptions {
  /** Worker threads (default: one per core, never more than there are chunks). */
  readonly workers?: number;
  /** Pairs per chunk handed to a worker (default: about 16 chunks per worker, 8..256). */
  readonly chunkPairs?: number;
  /** Default: resolveScanWorkerEntry() (the bundle's scanWorker.js, else the tsx bootstrap). */
  readonly entry?: WorkerEntry;
  /** Aborting terminates every worker; the scan then rejects with ScanCancelledError. */
  readonly signal?: AbortSignal;
  /** Pairs done so far and in total, after every chunk. */
  readonly onProgress?: (p: { done: number; total: number }) => void;
}

export class ScanCancelledError extends Error {
  constructor() {
    super('scan cancelled');
  }
}

/** Chunks each worker holds at once: while it computes one, the next is already queued. */
const IN_FLIGHT = 2;

/**
 * Scans every pair of `legs` (sorted by symbol name) in a pool of worker threads: each
 * worker gets the universe once and prepares its legs once, then takes chunks of pairs from
 * a shared queue, so a slow chunk never leaves the other cores idle. Outcomes are ranked
 * (Benjamini–Hochberg, sort) here once every chunk is back.
 */
export async function scanInPool(
  legs: readonly ScanLegData[],
  options: ScanOptions,
  pool: ScanPoolOptions = {},
): Promise<ScanResult> {
  const idx = pairIndices(legs.length);
  const total = idx.length / 2;
  if (pool.signal?.aborted) throw new ScanCancelledError();
  if (total === 0) return rankPairs([], options.fdr);
  const cores = pool.workers ?? Math.max(1, availableParallelism());
  const chunkPairs = pool.chunkPairs ?? Math.min(256, Math.max(8, Math.ceil(total / (cores * 16))));
  const chunks: Uint32Array[] = [];
  for (let k = 0; k < idx.length; k += chunkPairs * 2) chunks.push(idx.slice(k, k + chunkPairs * 2));
  const workerCount = Math.min(cores, chunks.length);
  const entry = pool.entry ?? resolveScanWorkerEntry();
  const init: ScanWorkerInit = { tsEntry: entry.tsEntry, legs, options };

  const results: PairOutcome[][] = new Array(chunks.length);
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  let finished = false;
  let onAbort = (): void => undefined;

  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error): void => {
        if (finished) return;
        finished = true;
        reject(err);
      };
      onAbort = () => fail(new ScanCancelledError());
      pool.signal?.addEventListener('abort', onAbort, { once: true });
      const feed = (w: Worker): void => {
        if (next >= chunks.length) return;
        const id = next++;
        const req: ScanChunkRequest = { id, pairs: chunks[id]! };
        w.postMessage(req);
      };
      for (let n = 0; n < workerCount; n++) {
        const w = new Worker(entry.file, { workerData: init });
        workers.push(w);
        w.on('message', (reply: ScanWorkerReply) => {
          if (finished) return;
          if (!reply.ok) return fail(new Error(`scan worker: ${reply.error.message}`));
          results[reply.id] = reply.outcomes;
          done += reply.outcomes.length;
          pool.onProgress?.({ done, total });
          if (done === total) {
            finished = true;
            resolve();
          } else feed(w);
        });
        w.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
        w.on('exit', (code) => fail(new Error(`scan worker exited with code ${code} before the scan finished`)));
        for (let k = 0; k < IN_FLIGHT; k++) feed(w);
      }
    });
  } finally {
    pool.signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return rankPairs(results.flat(), options.fdr);
}
