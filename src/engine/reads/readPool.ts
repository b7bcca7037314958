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
  /** A worker stopped without being disposed; its call was rejected, the next call starts another. */
  onWorkerExit?: (error: Error) => void;
}

interface Job {
  id: number;
  channel: ReadChannel;
  arg: unknown;
  signal?: AbortSignal;
  resolve: (v: PreparedJson) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** The one job this worker is on; the others wait in the pool's queue. */
  job: Job | null;
  dead: boolean;
}

/**
 * Worker threads that answer the contract's big reads as PreparedJson (readWorker.ts), so
 * thirty clients asking for a day of bars at once queue here instead of stalling the main
 * thread's event loop for seconds. Each worker takes one read at a time from one FIFO
 * queue: at most `size` answers are being built at once, and a read whose client has gone
 * (its signal aborted) is dropped before it costs anything.
 */
export class ReadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;
  /** Reads answered, and reads dropped unread because their client had gone. */
  readonly stats = { answered: 0, dropped: 0 };

  constructor(private readonly opts: ReadPoolOptions) {
    const size = Math.max(1, opts.size ?? 2);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  run(channel: ReadChannel, arg: unknown, signal?: AbortSignal): Promise<PreparedJson> {
    if (this.disposed) return Promise.reject(new Error('the read pool is closed'));
    if (signal?.aborted) return Promise.reject(new Error('the client went away'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, channel, arg, signal, resolve, reject });
      this.pump();
    });
  }

  /** Reads waiting or under way. */
  get pendingCalls(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const err = new Error('the read pool is closed');
    for (const job of this.queue.splice(0)) job.reject(err);
    for (const s of this.slots) {
      s.dead = true;
      s.job?.reject(err);
      s.job = null;
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** Hands queued reads to idle workers (starting a new worker where one died). */
  private pump(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      if (this.slots[i]!.job) continue;
      if (this.slots[i]!.dead) this.slots[i] = this.spawn();
      const slot = this.slots[i]!;
      let job = this.queue.shift();
      while (job?.signal?.aborted) {
        this.stats.dropped++;
        job.reject(new Error('the client went away'));
        job = this.queue.shift();
      }
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, channel: job.channel, arg: job.arg } satisfies ReadRequest);
    }
  }

  private spawn(): Slot {
    const entry = this.opts.entry ?? readWorkerEntry();
    const init: ReadWorkerInit = {
      dbPath: this.opts.dbPath,
      nativeBinding: this.opts.nativeBinding,
      tsEntry: entry.tsEntry,
    };
    const slot: Slot = { worker: new Worker(entry.file, { workerData: init }), job: null, dead: false };
    slot.worker.on('message', (res: ReadResponse) => {
      const job = slot.job;
      if (!job || job.id !== res.id) return;
      slot.job = null;
      this.stats.answered++;
      if (res.ok) job.resolve(new PreparedJson(res.bytes));
      else job.reject(new Error(res.message));
      this.pump();
    });
    const fail = (err: Error) => {
      if (slot.dead) return;
      slot.dead = true;
      slot.job?.reject(err);
      slot.job = null;
      if (this.disposed) return;
      this.opts.onWorkerExit?.(err);
      // The queue goes on: pump() starts a new worker in this slot.
      this.pump();
    };
    slot.worker.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
    slot.worker.on('exit', (code) => fail(new Error(`read worker exited with code ${code}`)));
    return slot;
  }
}
