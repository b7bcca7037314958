import type { PairSpec, RequestHandlers, RollingPoint } from '../../shared/contract';
import type { Bar } from '../../shared/market';
import { Coalescer, type EventHub, type Scheduler } from '../api/eventHub';
import type { SqliteTickStore } from '../store/sqliteStore';
import { AnalyticsWorkerHost } from './workerHost';
import type { WorkerEntry } from './workerEntry';

export type AnalyticsHandlers = Pick<RequestHandlers, 'analytics.getSnapshot' | 'analytics.getSeries' | 'analytics.watchPair'>;

export interface AnalyticsServiceOptions {
  /** The engine's (main-side) store; its path is the default dbPath. */
  store: SqliteTickStore;
  /** The database file the worker opens read-only (a file: the worker cannot share :memory:). */
  dbPath?: string;
  nativeBinding?: string;
  hub: EventHub;
  /** Default: resolveWorkerEntry() (Electron passes its bundled analyticsWorker.js). */
  workerEntry?: WorkerEntry;
  /** Wall clock for computedAt (default Date.now). */
  now?: () => number;
  /** Series push interval (default 100 ms: ≤ 10 Hz). */
  seriesIntervalMs?: number;
  /** Shortest gap between live snapshots (default 1000 ms). */
  snapshotMinIntervalMs?: number;
  scheduler?: Scheduler;
  /** Monotonic ms for the snapshot cadence (default performance.now). */
  monotonic?: () => number;
  /** Worker restarts after crashes before the service gives up (default 3). */
  maxRestarts?: number;
  /** Failures of the live path (they never reach a caller); default: counted only. */
  onError?: (err: unknown) => void;
  /** Checkpoint the database's WAL from the worker this often (see Engine). */
  checkpointEveryMs?: number;
}

export interface AnalyticsServiceStats {
  batchesFolded: number;
  snapshotsPushed: number;
  errors: number;
  workerRestarts: number;
}

export interface AnalyticsService {
  handlers: AnalyticsHandlers;
  /** The engine calls this after every committed ingest batch. */
  onBars(changed: Bar[]): void;
  readonly watching: PairSpec | null;
  stats(): AnalyticsServiceStats;
  /** Resolves once every bar handed to onBars so far has been folded by the worker. */
  settled(): Promise<void>;
  dispose(): Promise<void>;
}

const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The live analytics service: requests are answered by the worker from its own read-only
 * connection; the watched pair's bars are folded there incrementally, and the results
 * leave as coalesced pushes: the rolling series at ≤ 10 Hz (leading and trailing edge), full snapshots (ADF, coint, …)
 * at most once per `snapshotMinIntervalMs` and never more than a quarter of the worker's
 * time (the gap also stays ≥ 3× the last computation), but after every change, so every
 * closed bar is reflected by a snapshot.
 */
export function createAnalyticsService(opts: AnalyticsServiceOptions): AnalyticsService {
  const { hub } = opts;
  const now = opts.now ?? Date.now;
  const clock = opts.monotonic ?? ((): number => performance.now());
  const scheduler = opts.scheduler ?? realScheduler;
  const minGap = opts.snapshotMinIntervalMs ?? 1000;
  const stats: AnalyticsServiceStats = { batchesFolded: 0, snapshotsPushed: 0, errors: 0, workerRestarts: 0 };
  let disposed = false;
  const report = (err: unknown): void => {
    // Calls cut short by dispose() are not failures.
    if (disposed) return;
    stats.errors++;
    opts.onError?.(err);
  };

  let watching: PairSpec | null = null;
  // Bumped on every watch, so answers about a previous pair are dropped.
  let generation = 0;
  let liveChain: Promise<void> = Promise.resolve();

  const spawn = (): AnalyticsWorkerHost =>
    new AnalyticsWorkerHost({
      dbPath: opts.dbPath ?? opts.store.path,
      nativeBinding: opts.nativeBinding,
      entry: opts.workerEntry,
      checkpointEveryMs: opts.checkpointEveryMs,
      onExit: (err) => {
        if (disposed) return;
        report(err);
        // A worker that cannot start (bad path, broken build) would crash-loop: stop trying.
        if (stats.workerRestarts >= (opts.maxRestarts ?? 3)) return;
        // A crashed worker loses the live pair: start a new one and load the pair again.
        stats.workerRestarts++;
        host = spawn();
        if (watching) void track(host.call('watch', { spec: watching }).then(() => undefined));
      },
    });
  let host = spawn();

  const track = (p: Promise<void>): Promise<void> => {
    liveChain = liveChain.then(() => p).catch(report);
    return p;
  };

  // Series pushes: at most one per interval. The Coalescer alone is trailing-edge (every
  // update waits a full interval); pushing at once when the last push is an interval old
  // saves that wait on a quiet stream without ever exceeding the rate.
  const seriesInterval = opts.seriesIntervalMs ?? 100;
  let lastSeriesPush = -Infinity;
  const seriesScheduler: Scheduler = {
    setTimeout: (fn, ms) =>
      scheduler.setTimeout(() => {
        lastSeriesPush = clock();
        fn();
      }, ms),
    clearTimeout: (h) => scheduler.clearTimeout(h),
  };
  const series = new Coalescer<'analytics.onDidUpdateSeries'>(
    hub,
    'analytics.onDidUpdateSeries',
    (prev, next) => (sameSpec(prev.pair, next.pair) ? { pair: next.pair, points: mergePoints(prev.points, next.points) } : next),
    seriesInterval,
    seriesScheduler,
  );
  const pushSeries = (spec: PairSpec, points: RollingPoint[]): void => {
    series.push(pairKey(spec), { pair: spec, points });
    if (clock() - lastSeriesPush >= seriesInterval) {
      lastSeriesPush = clock();
      series.flush();
    }
  };

  // Live snapshot cadence.
  let dirty = false;
  let inFlight = false;
  let lastStart = -Infinity;
  let lastComputeMs = 0;
  let timer: unknown = null;
  const scheduleSnapshot = (): void => {
    if (disposed || inFlight || timer !== null || !dirty || !watching) return;
    const wait = lastStart + Math.max(minGap, 3 * lastComputeMs) - clock();
    if (wait > 0) {
      timer = scheduler.setTimeout(() => {
        timer = null;
        scheduleSnapshot();
      }, wait);
      return;
    }
    void runSnapshot();
  };
  const runSnapshot = async (): Promise<void> => {
    inFlight = true;
    dirty = false;
    lastStart = clock();
    const gen = generation;
    try {
      const snap = await host.call('liveSnapshot', {});
      if (snap && gen === generation && !disposed) {
        if (snap.ok) lastComputeMs = snap.computeMs;
        hub.emit('analytics.onDidUpdateSnapshot', { ...snap, computedAt: now() });
        stats.snapshotsPushed++;
      }
    } catch (err) {
      if (!disposed) report(err);
    } finally {
      inFlight = false;
      scheduleSnapshot();
    }
  };

  const handlers: AnalyticsHandlers = {
    'analytics.getSnapshot': async ({ to, ...spec }) => ({ ...(await host.call('snapshot', { spec, to })), computedAt: now() }),
    'analytics.getSeries': ({ from, to, limit, buckets, ...spec }) => host.call('series', { spec, from, to, limit, buckets }),
    'analytics.watchPair': async (spec) => {
      watching = spec;
      generation++;
      series.dispose();
      await track(host.call('watch', { spec }).then(() => undefined));
      dirty = true;
      scheduleSnapshot();
      return { watching: spec };
    },
  };

  return {
    handlers,
    get watching() {
      return watching;
    },
    stats: () => ({ ...stats }),
    onBars(changed) {
      const spec = watching;
      if (disposed || !spec) return;
      // Only the watched pair's bars cross to the worker: a few per batch, never history.
      const mine = changed.filter((b) => b.tf === spec.tf && (b.symbol === spec.y || b.symbol === spec.x));
      if (mine.length === 0) return;
      const gen = generation;
      void track(
        host.call('bars', { bars: mine }).then((out) => {
          stats.batchesFolded++;
          if (!out || gen !== generation || disposed) return;
          if (out.points.length > 0) pushSeries(spec, out.points);
          dirty = true;
          scheduleSnapshot();
        }),
      );
    },
    settled: () => liveChain,
    async dispose() {
      if (disposed) return;
      disposed = true;
      if (timer !== null) scheduler.clearTimeout(timer);
      series.dispose();
      await host.dispose();
    },
  };
}

function pairKey(p: PairSpec): string {
  return `${p.y}|${p.x}|${p.tf}|${p.window}`;
}

function sameSpec(a: PairSpec, b: PairSpec): boolean {
  return pairKey(a) === pairKey(b);
}

/** Two ascending point lists folded, the newer version of a point winning. */
export function mergePoints(prev: readonly RollingPoint[], next: readonly RollingPoint[]): RollingPoint[] {
  const map = new Map<number, RollingPoint>();
  for (const p of prev) map.set(p.ts, p);
  for (const p of next) map.set(p.ts, p);
  return [...map.values()].sort((a, b) => a.ts - b.ts);
}
