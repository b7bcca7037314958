import { Worker } from 'node:worker_threads';
import { PreparedJson } from '../api/preparedJson';
import type { WorkerEntry } from '../analytics/workerEntry';
import type { ReadChannel, ReadRequest, ReadResponse, ReadWorkerInit } from './messages';

// Held in variables: bundlers rewrite `new URL('<literal>', import.meta.url)` into assets
// (see analytics/workerEntry.ts). The pool runs where tsx does (tickscope serve).
const BOOTSTRAP = '../analytics/workerBootstrap.mjs';
const TS_ENTRY = './readWorker.ts';

export function readWorkerEntry(): WorkerEntry {
  return { file: new URL(BOOTSTRAP, import.meta.url), tsEntry: new URL(TS_ENTRY, import.meta.url).href };
}

export interface ReadPoolOptions {
  dbPath: string;
  nativeBinding?: string;
  /** Worker threads, each with its own read-only connection. Default 2. */
  size?: number;
  entry?: WorkerEntry;
  /** A worker stopped without being disposed; its calls were rejected, the next call starts another. */
  onWorkerExit?: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (v: PreparedJson) => void; reject: (e: Error) => void }>;
  dead: boolean;
}

/**
 * Worker threads that answer the contract's big reads as PreparedJson (readWorker.ts), so
 * thirty clients asking for a day of bars at once queue on the workers instead of stalling
 * the main thread's event loop for seconds. Each call goes to the least busy worker.
 */
export class ReadPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private disposed = false;

  constructor(private readonly opts: ReadPoolOptions) {
    const size = Math.max(1, opts.size ?? 2);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  run(channel: ReadChannel, arg: unknown): Promise<PreparedJson> {
    if (this.disposed) return Promise.reject(new Error('the read pool is closed'));
    let i = 0;
    for (let k = 1; k < this.slots.length; k++) if (this.slots[k]!.pending.size < this.slots[i]!.pending.size) i = k;
    if (this.slots[i]!.dead) this.slots[i] = this.spawn();
    const slot = this.slots[i]!;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, channel, arg } satisfies ReadRequest);
    });
  }

  /** Calls sent and not answered yet, over all workers. */
  get pendingCalls(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const err = new Error('the read pool is closed');
    for (const s of this.slots) {
      s.dead = true;
      for (const p of s.pending.values()) p.reject(err);
      s.pending.clear();
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const entry = this.opts.entry ?? readWorkerEntry();
    const init: ReadWorkerInit = { dbPath: this.opts.dbPath, nativeBinding: this.opts.nativeBinding, tsEntry: entry.tsEntry };
    const slot: Slot = { worker: new Worker(entry.file, { workerData: init }), pending: new Map(), dead: false };
    slot.worker.on('message', (res: ReadResponse) => {
      const p = slot.pending.get(res.id);
      if (!p) return;
      slot.pending.delete(res.id);
      if (res.ok) p.resolve(new PreparedJson(res.bytes));
      else p.reject(new Error(res.message));
    });
    const fail = (err: Error) => {
      if (slot.dead) return;
      slot.dead = true;
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      if (!this.disposed) this.opts.onWorkerExit?.(err);
    };
    slot.worker.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
    slot.worker.on('exit', (code) => fail(new Error(`read worker exited with code ${code}`)));
    return slot;
  }
}
