import type { RequestHandlers, ScanFinish, ScanResultView, ScanRunRequest } from '../../shared/contract';
import { ApiFailure } from '../api/dispatcher';
import { Coalescer, type EventHub, type Scheduler } from '../api/eventHub';
import type { SqliteTickStore } from '../store/sqliteStore';
import { latestScanResult, saveScanResult } from './scanResults';
import { ScanCancelledError, scanInPool, type ScanPoolOptions } from './scanPool';
import { loadUniverse, ScanInputError, type Universe } from './universe';

export type ScanHandlers = Pick<RequestHandlers, 'scanner.run' | 'scanner.cancel' | 'scanner.getResult'>;

export interface ScanJobsOptions {
  /** The database in use: bars are read from it and finished scans saved in it. */
  store: SqliteTickStore;
  hub: EventHub;
  /** The symbols of the user's watchlist (the `watchlist` universe); absent: no watchlist here. */
  watchlistSymbols?: () => readonly string[];
  /** Worker count and entry of the scan pool (tests); default: one worker per core. */
  pool?: Pick<ScanPoolOptions, 'workers' | 'chunkPairs' | 'entry'>;
  /** Progress coalescing (default 100 ms: ≤ 10 Hz). */
  progressIntervalMs?: number;
  scheduler?: Scheduler;
  /** Wall clock for `ranAt` and the elapsed time (default Date.now). */
  now?: () => number;
}

export interface ScanJobs {
  readonly handlers: ScanHandlers;
  /** The scan running now, if any. */
  running(): string | null;
  /** Stops a running scan (engine shutdown, database swap): reported as failed, nothing saved. */
  dispose(): Promise<void>;
}

interface Job {
  readonly id: string;
  readonly abort: AbortController;
  finished: boolean;
  /** Settles when the pool has stopped (its workers terminated). */
  done: Promise<void>;
}

/**
 * `scanner.run` / `cancel` / `getResult` for the dashboard (../shared/specs/scanner.md). The
 * request is resolved against the store before it is answered, so an unknown symbol, a
 * range without bars or a universe of one is refused at once as a bad request; the scan
 * itself then runs in the worker pool (every core), one at a time. A finished scan is saved
 * in the database before its finish is pushed, so `getResult` after the finish sees it.
 */
export function createScanJobs(opts: ScanJobsOptions): ScanJobs {
  const now = opts.now ?? Date.now;
  const progress = new Coalescer(
    opts.hub,
    'scanner.onDidProgress',
    (_prev, next) => next,
    opts.progressIntervalMs ?? 100,
    opts.scheduler,
  );
  let current: Job | null = null;
  let seq = 0;
  let disposed = false;

  const finish = (job: Job, outcome: ScanFinish): void => {
    if (job.finished) return;
    job.finished = true;
    if (current === job) current = null;
    // Its last progress goes out before the finish, never after it.
    progress.flush();
    opts.hub.emit('scanner.onDidFinish', outcome);
  };

  const symbolsOf = (req: ScanRunRequest): readonly string[] | 'all' => {
    if (req.universe.kind === 'all') return 'all';
    if (req.universe.kind === 'list') return req.universe.symbols;
    if (!opts.watchlistSymbols)
      throw new ApiFailure('bad_request', 'this engine has no watchlist to scan; name the symbols instead');
    const symbols = [...new Set(opts.watchlistSymbols())].sort();
    if (symbols.length < 2) {
      throw new ApiFailure(
        'bad_request',
        `the watchlist has ${symbols.length === 0 ? 'no symbols' : `one symbol (${symbols[0]})`}; a scan needs at least two`,
      );
    }
    return symbols;
  };

  const load = (req: ScanRunRequest): Universe => {
    try {
      return loadUniverse(opts.store, {
        symbols: symbolsOf(req),
        tf: req.tf,
        from: req.from,
        to: req.to,
        bars: req.bars,
      });
    } catch (err) {
      if (err instanceof ScanInputError) throw new ApiFailure('bad_request', err.message);
      throw err;
    }
  };

  const start = (job: Job, req: ScanRunRequest, u: Universe, t0: number): Promise<void> => {
    const options = { minCoverage: req.minCoverage, minPoints: req.minPoints, fdr: req.fdr };
    const n = u.legs.length;
    const total = (n * (n - 1)) / 2;
    progress.push(job.id, { id: job.id, phase: 'scanning', done: 0, total });
    return scanInPool(u.legs, options, {
      ...opts.pool,
      signal: job.abort.signal,
      onProgress: ({ done }) => {
        if (!job.finished)
          progress.push(job.id, { id: job.id, phase: done === total ? 'ranking' : 'scanning', done, total });
      },
    }).then(
      (scan) => {
        if (job.finished) return;
        const ranAt = now();
        const result: ScanResultView = {
          request: req,
          ranAt,
          elapsedMs: ranAt - t0,
          universe: u.symbols,
          tf: u.tf,
          from: u.from,
          to: u.to,
          tested: scan.tested,
          pairs: scan.pairs,
          excluded: scan.excluded,
        };
        try {
          saveScanResult(opts.store.db, result);
        } catch (err) {
          return finish(job, {
            id: job.id,
            status: 'failed',
            error: `the scan finished but could not be saved: ${err instanceof Error ? err.message : String(err)}`,
          });
        }
        finish(job, {
          id: job.id,
          status: 'done',
          tested: scan.tested,
          significant: scan.pairs.filter((p) => p.significant).length,
        });
      },
      (err: unknown) => {
        if (err instanceof ScanCancelledError) return finish(job, { id: job.id, status: 'cancelled' });
        finish(job, {
          id: job.id,
          status: 'failed',
          error: `scan failed: ${err instanceof Error ? err.message : String(err)}`,
        });
      },
    );
  };

  const handlers: ScanHandlers = {
    'scanner.run': (req) => {
      if (disposed) throw new Error('the engine is stopping');
      if (current)
        throw new ApiFailure(
          'bad_request',
          'a scan is running (it uses every core); cancel it or wait for it to finish',
        );
      const t0 = now();
      const u = load(req);
      const job: Job = {
        id: `scan-${t0.toString(36)}-${++seq}`,
        abort: new AbortController(),
        finished: false,
        done: Promise.resolve(),
      };
      current = job;
      job.done = start(job, req, u, t0);
      return { id: job.id };
    },
    'scanner.cancel': ({ id }) => {
      const job = current;
      if (!job || job.id !== id) return { cancelled: false };
      // Reported at once; the pool terminates its workers behind it.
      finish(job, { id, status: 'cancelled' });
      job.abort.abort();
      return { cancelled: true };
    },
    'scanner.getResult': () => ({ result: latestScanResult(opts.store.db), running: current?.id ?? null }),
  };

  return {
    handlers,
    running: () => current?.id ?? null,
    async dispose() {
      disposed = true;
      const job = current;
      if (job) {
        // Said once, so a dashboard waiting on it can scan again (on the database now in use).
        finish(job, {
          id: job.id,
          status: 'failed',
          error:
            'the database in use changed (the demo started or stopped, or the engine is stopping); nothing was saved',
        });
        job.abort.abort();
      }
      progress.dispose();
      await job?.done;
    },
  };
}
