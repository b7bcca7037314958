import { SPARK_POINTS, type FollowedFigures } from '../../core/analytics/live/watchRow';
import { WatchSet } from '../../core/analytics/live/watchSet';
import { pairKey, samePair, type AnalyticsSnapshot, type PairSpec, type RequestHandlers, type RollingPoint } from '../../shared/contract';
import type { Bar } from '../../shared/market';
import { Coalescer, type EventHub, type Scheduler } from '../api/eventHub';
import { Emitter, type Disposable } from '../lifecycle';
import type { SqliteTickStore } from '../store/sqliteStore';
import type { WatchSource } from '../watchlist/watchlistService';
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

export interface AnalyticsService extends WatchSource {
  handlers: AnalyticsHandlers;
  /** Pairs enabled alert rules name: followed whatever is on screen. */
  setAlertPairs(pairs: readonly PairSpec[]): void;
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
  const watchSet = new WatchSet();
  const figures = new Map<string, Figures>();
  const followedChanged = new Emitter<void>(report);
  const figuresChanged = new Emitter<readonly string[]>(report);
  const setReason = (reason: 'screen' | 'alert' | 'watchlist', pairs: readonly PairSpec[]): void => {
    if (!watchSet.set(reason, pairs)) return;
    const keys = new Set(watchSet.entries().map((e) => e.key));
    for (const k of figures.keys()) if (!keys.has(k)) figures.delete(k);
    followedChanged.fire();
  };
  const figuresOf = (spec: PairSpec): Figures => {
    const key = pairKey(spec);
    let f = figures.get(key);
    if (!f) figures.set(key, (f = emptyFigures()));
    return f;
  };
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
        const stamped = { ...snap, computedAt: now() };
        hub.emit('analytics.onDidUpdateSnapshot', stamped);
        figuresOf(snap.pair).snapshot = stamped;
        figuresChanged.fire([pairKey(snap.pair)]);
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
      setReason('screen', [spec]);
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
    setAlertPairs: (pairs) => setReason('alert', pairs),
    setWatchlist: (pairs) => setReason('watchlist', pairs),
    followed: () =>
      watchSet.entries().map((e) => {
        const f = figures.get(e.key) ?? emptyFigures();
        return { pair: e.pair, reasons: e.reasons, ...f, spark: [...f.spark] };
      }),
    onDidChangeFollowed: (listener: () => void): Disposable => followedChanged.event(listener),
    onDidChangeFigures: (listener: (keys: readonly string[]) => void): Disposable => figuresChanged.event(listener),
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
          if (out.points.length > 0) {
            pushSeries(spec, out.points);
            noteFold(figuresOf(spec), out.points, out.closed, now());
            figuresChanged.fire([pairKey(spec)]);
          }
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
      followedChanged.dispose();
      figuresChanged.dispose();
      await host.dispose();
    },
  };
}

const sameSpec = samePair;

/** A followed pair's latest figures (FollowedFigures without the pair and its reasons). */
type Figures = { -readonly [K in Exclude<keyof FollowedFigures, 'pair' | 'reasons' | 'spark'>]: FollowedFigures[K] } & {
  spark: (number | null)[];
};

function emptyFigures(): Figures {
  return { latest: null, points: 0, afterBreak: false, lastBarAt: null, snapshot: null, spark: [] };
}

/** Keeps the latest point and the closed-bar z values (every point but the last is closed). */
function noteFold(f: Figures, points: readonly RollingPoint[], closed: number, wallNow: number): void {
  const last = points[points.length - 1]!;
  if (f.latest && f.latest.ts < last.ts) f.spark.push(f.latest.z);
  for (const p of points.slice(0, -1)) if (!f.latest || p.ts > f.latest.ts) f.spark.push(p.z);
  if (f.spark.length > SPARK_POINTS) f.spark.splice(0, f.spark.length - SPARK_POINTS);
  void closed;
  f.latest = last;
  f.lastBarAt = wallNow;
}

export type { AnalyticsSnapshot };

/** Two ascending point lists folded, the newer version of a point winning. */
export function mergePoints(prev: readonly RollingPoint[], next: readonly RollingPoint[]): RollingPoint[] {
  const map = new Map<number, RollingPoint>();
  for (const p of prev) map.set(p.ts, p);
  for (const p of next) map.set(p.ts, p);
  return [...map.values()].sort((a, b) => a.ts - b.ts);
}
