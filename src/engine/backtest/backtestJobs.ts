import { Worker } from 'node:worker_threads';
import { paramsProblem } from '../../core/backtest/index';
import { backtestFinishSchema, type BacktestFinish, type RequestHandlers } from '../../shared/contract';
import { ApiFailure } from '../api/dispatcher';
import { Coalescer, type EventHub, type Scheduler } from '../api/eventHub';
import type { WorkerEntry } from '../analytics/workerEntry';
import { jobTotal, requestSets } from './backtestJob';
import { resolveBacktestWorkerEntry } from './backtestWorkerEntry';
import type { BacktestWorkerInit, BacktestWorkerJob, BacktestWorkerMessage } from './jobMessages';

export type BacktestHandlers = Pick<RequestHandlers, 'backtest.run' | 'backtest.cancel'>;

/** The part of a worker thread the jobs use (tests pass an in-process fake). */
export interface JobThread {
  postMessage(job: BacktestWorkerJob): void;
  on(event: 'message', listener: (m: BacktestWorkerMessage) => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface BacktestJobsOptions {
  /** The database file the workers open read-only. */
  dbPath: string;
  nativeBinding?: string;
  hub: EventHub;
  /** Default: resolveBacktestWorkerEntry() (the bundle's backtestWorker.js, else tsx). */
  entry?: WorkerEntry;
  /** Default: a node:worker_threads Worker on `entry`. */
  spawn?: (init: BacktestWorkerInit) => JobThread;
  /** Jobs running at once, one worker each; more are refused until one ends (default 2). */
  maxRunning?: number;
  /** Progress coalescing (default 100 ms: ≤ 10 Hz per job). */
  progressIntervalMs?: number;
  scheduler?: Scheduler;
}

export interface BacktestJobs {
  readonly handlers: BacktestHandlers;
  /** Jobs started and not yet finished. */
  running(): number;
  /** Worker threads alive (running a job or kept warm for the next). */
  threads(): number;
  /** Terminates every worker (engine shutdown); unfinished jobs are not reported. */
  dispose(): Promise<void>;
}

interface Slot {
  readonly thread: JobThread;
  job: Job | null;
  dead: boolean;
}

interface Job {
  readonly id: string;
  readonly slot: Slot;
  finished: boolean;
}

/**
 * `backtest.run` / `backtest.cancel` on a small pool of worker threads: a grid over a day
 * of 1 s bars is seconds of CPU that the engine's main thread (ingest, pushes, every other
 * request) must not spend. Each job is reported as progress, then exactly one finish.
 * Cancelling terminates the job's worker at once, mid-row if need be; a worker that
 * finished its job is kept warm for the next (one at most), so a heatmap cell answers
 * without a thread start. Whatever a worker posts about a job that has finished
 * (cancelled, failed, or the engine stopping) is dropped: a cancelled grid never shows up
 * later as a result, nor as progress after its finish.
 */
export function createBacktestJobs(opts: BacktestJobsOptions): BacktestJobs {
  const jobs = new Map<string, Job>();
  const slots = new Set<Slot>();
  const maxRunning = opts.maxRunning ?? 2;
  let seq = 0;
  let disposed = false;
  const progress = new Coalescer(
    opts.hub,
    'backtest.onDidProgress',
    (_prev, next) => next,
    opts.progressIntervalMs ?? 100,
    opts.scheduler,
  );
  const init: BacktestWorkerInit = { dbPath: opts.dbPath, nativeBinding: opts.nativeBinding };
  const spawnThread =
    opts.spawn ??
    ((data: BacktestWorkerInit): JobThread => {
      const entry = opts.entry ?? resolveBacktestWorkerEntry();
      return new Worker(entry.file, { workerData: { ...data, tsEntry: entry.tsEntry } });
    });

  const retire = (slot: Slot): void => {
    if (slot.dead) return;
    slot.dead = true;
    slots.delete(slot);
    void slot.thread.terminate().catch(() => undefined);
  };

  const newSlot = (): Slot => {
    const slot: Slot = { thread: spawnThread(init), job: null, dead: false };
    slots.add(slot);
    slot.thread.on('message', (m) => {
      const job = slot.job;
      if (!job || job.id !== m.job || job.finished) return;
      if (m.type === 'progress') progress.push(job.id, { id: job.id, done: m.done, total: m.total });
      else if (m.type === 'done') finish(job, { id: job.id, status: 'done', result: m.result }, true);
      else finish(job, { id: job.id, status: 'failed', error: m.data ? m.error : `backtest failed: ${m.error}` }, true);
    });
    const lost = (why: string): void => {
      const job = slot.job;
      slot.job = null;
      retire(slot);
      if (job) finish(job, { id: job.id, status: 'failed', error: why });
    };
    slot.thread.on('error', (err) =>
      lost(`backtest worker failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    slot.thread.on('exit', (code) => lost(`backtest worker stopped (exit code ${code}) before its result`));
    return slot;
  };

  /** `answered`: the worker reported the end of the job itself, so it is free for another. */
  const finish = (job: Job, outcome: BacktestFinish, answered = false): void => {
    if (job.finished) return;
    job.finished = true;
    jobs.delete(job.id);
    const slot = job.slot;
    slot.job = null;
    // A worker is reused only after it answered; a cancelled one may be mid-row.
    const warm = [...slots].filter((s) => s !== slot && s.job === null).length;
    if (!answered || warm >= 1) retire(slot);
    // Its last progress goes out before the finish, never after it.
    progress.flush();
    // The hub validates every push and drops (and counts) one the contract refuses, which
    // would leave the UI waiting forever: then the job's finish is that failure instead.
    // (Validating once, in the hub: a day of 1 s bars is four curves of 86,400 numbers.)
    const refused = opts.hub.invalid;
    opts.hub.emit('backtest.onDidFinish', outcome);
    if (opts.hub.invalid > refused) {
      const why =
        outcome.status === 'done'
          ? (backtestFinishSchema.safeParse(outcome).error?.issues[0]?.message ?? 'invalid')
          : 'invalid';
      opts.hub.emit('backtest.onDidFinish', {
        id: job.id,
        status: 'failed',
        error: `internal: the result does not fit the contract (${why})`,
      });
    }
  };

  const handlers: BacktestHandlers = {
    'backtest.run': (req) => {
      if (disposed) throw new Error('the engine is stopping');
      // The contract checked each field and the entry/exit/stop order; the core's own rules
      // are the final word on every combination.
      for (const params of requestSets(req)) {
        const problem = paramsProblem(params);
        if (problem) throw new ApiFailure('bad_request', problem);
      }
      if (opts.dbPath === ':memory:')
        throw new ApiFailure(
          'bad_request',
          'backtests read the database file on a connection of their own; an in-memory database cannot be shared',
        );
      if (jobs.size >= maxRunning)
        throw new ApiFailure('bad_request', `${jobs.size} backtests are running; cancel one or wait for it to finish`);
      const slot = [...slots].find((s) => s.job === null) ?? newSlot();
      const job: Job = { id: `bt-${Date.now().toString(36)}-${++seq}`, slot, finished: false };
      jobs.set(job.id, job);
      slot.job = job;
      slot.thread.postMessage({ job: job.id, request: req });
      return { id: job.id, total: jobTotal(req) };
    },
    'backtest.cancel': ({ id }) => {
      const job = jobs.get(id);
      if (!job) return { cancelled: false };
      finish(job, { id, status: 'cancelled' });
      return { cancelled: true };
    },
  };

  return {
    handlers,
    running: () => jobs.size,
    threads: () => slots.size,
    async dispose() {
      disposed = true;
      for (const job of jobs.values()) job.finished = true;
      jobs.clear();
      progress.dispose();
      const all = [...slots];
      for (const s of all) s.dead = true;
      slots.clear();
      await Promise.all(all.map((s) => s.thread.terminate().catch(() => undefined)));
    },
  };
}
