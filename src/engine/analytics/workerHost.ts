import { Worker } from 'node:worker_threads';
import type { AnalyticsWorkerInit, CallName, WorkerCalls, WorkerRequest, WorkerResponse } from './messages';
import { resolveWorkerEntry, type WorkerEntry } from './workerEntry';

export interface WorkerHostOptions {
  dbPath: string;
  nativeBinding?: string;
  /** Default: resolveWorkerEntry(). */
  entry?: WorkerEntry;
  /** Called when the worker stops without being disposed (crash, uncaught error). */
  onExit?: (error: Error) => void;
  /** Checkpoint the WAL from the worker this often (the main connection then skips it). */
  checkpointEveryMs?: number;
}

/** An error thrown inside the worker, re-thrown on the main side with the worker's stack. */
export class WorkerCallError extends Error {
  constructor(
    message: string,
    readonly workerStack?: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/**
 * Owns one analytics worker thread: typed request/response by id, errors propagated to the
 * caller, every pending call rejected if the worker dies, terminated on dispose.
 */
export class AnalyticsWorkerHost {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  private exitError: Error | null = null;

  constructor(opts: WorkerHostOptions) {
    const entry = opts.entry ?? resolveWorkerEntry();
    const init: AnalyticsWorkerInit = {
      dbPath: opts.dbPath,
      nativeBinding: opts.nativeBinding,
      tsEntry: entry.tsEntry,
      checkpointEveryMs: opts.checkpointEveryMs,
    };
    this.worker = new Worker(entry.file, { workerData: init });
    this.worker.on('message', (res: WorkerResponse) => this.settle(res));
    this.worker.on('error', (err) => this.fail(err instanceof Error ? err : new Error(String(err))));
    this.worker.on('exit', (code) => {
      if (!this.disposed) {
        const err = this.exitError ?? new Error(`analytics worker exited with code ${code}`);
        this.fail(err);
        opts.onExit?.(err);
      }
    });
  }

  /** Calls the worker; rejects with WorkerCallError if the call threw there. */
  call<K extends CallName>(call: K, args: WorkerCalls[K]['args']): Promise<WorkerCalls[K]['result']> {
    if (this.disposed) return Promise.reject(new Error('analytics worker is disposed'));
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, call, args } as WorkerRequest);
    });
  }

  get pendingCalls(): number {
    return this.pending.size;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const err = new Error('analytics worker is disposed');
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    await this.worker.terminate();
  }

  private settle(res: WorkerResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    if (res.ok) p.resolve(res.result);
    else p.reject(new WorkerCallError(res.error.message, res.error.stack));
  }

  private fail(err: Error): void {
    this.exitError ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
