import { SPARK_POINTS, type FollowedFigures } from '../../core/analytics/live/watchRow';
import { WatchSet } from '../../core/analytics/live/watchSet';
import {
  pairKey,
  samePair,
  type AnalyticsSnapshot,
  type PairSpec,
  type RequestHandlers,
  type RollingPoint,
  type WatchReason,
} from '../../shared/contract';
import { mergeByTs } from '../../shared/sorted';
import type { Bar } from '../../shared/market';
import { Coalescer, type EventHub, type Scheduler } from '../api/eventHub';
import { DisposableStore, Emitter, RunOnceScheduler, realTimers, type Disposable, type Timers } from '../lifecycle';
import type { SqliteTickStore } from '../store/sqliteStore';
import type { WatchSource } from '../watchlist/watchlistService';
import type { PairFold, PairLoad } from './messages';
import { AnalyticsWorkerHost } from './workerHost';
import type { WorkerEntry } from './workerEntry';

export type AnalyticsHandlers = Pick<
  RequestHandlers,
  'analytics.getSnapshot' | 'analytics.getSeries' | 'analytics.watchPair'
>;

export interface AnalyticsServiceOptions {
  /** The engine's (main-side) store; its path is the default dbPath. */
  store: SqliteTickStore;
  /** The database file the worker opens read-only (a file: the worker cannot share :memory:). */
  dbPath?: string;
  nativeBinding?: string;
  hub: EventHub;
  /** Default: resolveWorkerEntry() (Electron passes its bundled analyticsWorker.js). */
  workerEntry?: WorkerEntry;
  /** Wall clock for computedAt and the rows' stale state (default Date.now). */
  now?: () => number;
  /** Series push interval (default 100 ms: ≤ 10 Hz). */
  seriesIntervalMs?: number;
  /** Shortest gap between two live snapshots of one pair (default 1000 ms). */
  snapshotMinIntervalMs?: number;
  /** Timers (the engine's Timers; tests fire them by hand). */
  scheduler?: Scheduler | Timers;
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

/** New rolling points of one followed pair, as one ingest batch changed them. */
export interface PairFoldEvent {
  readonly pair: PairSpec;
  /** Ascending by ts; the last may be the forming bar. */
  readonly points: readonly RollingPoint[];
  /** Per point, the first aligned time of its segment (a rule restarts after a break). */
  readonly segmentStarts: readonly number[];
  /** Aligned points closed by this batch. */
  readonly closed: number;
}

/** A full evaluation (ADF, coint, half-life, …) of one followed pair. */
export interface PairEvaluateEvent {
  readonly snapshot: AnalyticsSnapshot;
  /** Where the segment of the latest folded point starts (null: unknown or none). */
  readonly segmentStart: number | null;
}

export interface AnalyticsService extends WatchSource {
  handlers: AnalyticsHandlers;
  /** Pairs enabled alert rules name: followed whatever is on screen. */
  setAlertPairs(pairs: readonly PairSpec[]): void;
  /** The engine calls this after every committed ingest batch. */
  onBars(changed: Bar[]): void;
  /** The pair on screen (analytics.watchPair), null before one was asked for. */
  readonly watching: PairSpec | null;
  /** Every fold of every followed pair, in batch order (alerts and the pushes subscribe). */
  onDidFold(listener: (e: PairFoldEvent) => void): Disposable;
  /** Every live full evaluation of a followed pair. */
  onDidEvaluate(listener: (e: PairEvaluateEvent) => void): Disposable;
  stats(): AnalyticsServiceStats;
  /** Resolves once every bar handed to onBars so far has been folded by the worker. */
  settled(): Promise<void>;
  dispose(): Promise<void>;
}

/** A followed pair's latest figures (what its watchlist row shows). */
interface Figures {
  latest: RollingPoint | null;
  segmentStart: number | null;
  points: number;
  afterBreak: boolean;
  lastBarAt: number | null;
  snapshot: AnalyticsSnapshot | null;
  spark: (number | null)[];
  /** Monotonic ms of the pair's last evaluation start (its own minimum gap). */
  lastEvalStart: number;
}

/**
 * The live analytics service: the one producer of pair figures. It owns the watch set (the
 * pair on screen, every pair an enabled alert rule names, the user's watchlist); the worker
 * folds every followed pair incrementally (one LivePair each) and evaluates them in full at
 * a bounded cadence. Subscribers get the same numbers: alerts (onDidFold / onDidEvaluate),
 * the watchlist rows and the screen pair's pushes (analytics.onDidUpdateSeries at ≤ 10 Hz,
 * analytics.onDidUpdateSnapshot after every evaluation of it).
 *
 * Full evaluations: round robin over the pairs that changed since their last one (the
 * screen's pair first), each pair at most once per `snapshotMinIntervalMs`, and one after
 * another with a pause of 3× the last computation in between, so they never take more than
 * a quarter of the worker's time; every closed bar is eventually reflected by a snapshot.
 */
export function createAnalyticsService(opts: AnalyticsServiceOptions): AnalyticsService {
  const { hub } = opts;
  const now = opts.now ?? Date.now;
  const clock = opts.monotonic ?? ((): number => performance.now());
  const timers: Timers = opts.scheduler ?? realTimers;
  const minGap = opts.snapshotMinIntervalMs ?? 1000;
  const stats: AnalyticsServiceStats = { batchesFolded: 0, snapshotsPushed: 0, errors: 0, workerRestarts: 0 };
  const owned = new DisposableStore();
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
  /** `${symbol}|${tf}` of every followed leg: the bars worth sending to the worker. */
  let legs = new Set<string>();
  const folded = owned.add(new Emitter<PairFoldEvent>(report));
  const evaluated = owned.add(new Emitter<PairEvaluateEvent>(report));
  const followedChanged = owned.add(new Emitter<void>(report));
  const figuresChanged = owned.add(new Emitter<readonly string[]>(report));
  let liveChain: Promise<void> = Promise.resolve();
  const track = (p: Promise<void>): Promise<void> => {
    liveChain = liveChain.then(() => p).catch(report);
    return p;
  };

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
        // A crashed worker loses the live pairs: start a new one and load them again.
        stats.workerRestarts++;
        host = spawn();
        void syncFollowed();
      },
    });
  let host = spawn();

  // ---- the watch set, mirrored in the worker ----

  const isFollowed = (key: string): boolean => figures.has(key);
  const emptyFigures = (): Figures => ({
    latest: null,
    segmentStart: null,
    points: 0,
    afterBreak: false,
    lastBarAt: null,
    snapshot: null,
    spark: [],
    lastEvalStart: -Infinity,
  });

  /** Tells the worker the followed set; new pairs' latest figures come back (history: never judged). */
  const syncFollowed = (): Promise<void> => {
    const specs = watchSet.entries().map((e) => e.pair);
    const call = host.call('follow', { specs, recent: SPARK_POINTS + 1 }).then(({ loaded }) => {
      if (disposed) return;
      for (const l of loaded) noteLoad(l);
      if (loaded.length > 0) figuresChanged.fire(loaded.map((l) => l.key));
    });
    return track(call);
  };

  const setReason = (reason: WatchReason, pairs: readonly PairSpec[]): Promise<void> | null => {
    if (!watchSet.set(reason, pairs)) return null;
    const entries = watchSet.entries();
    const keys = new Set(entries.map((e) => e.key));
    for (const k of [...figures.keys()]) if (!keys.has(k)) figures.delete(k);
    for (const e of entries) {
      if (!figures.has(e.key)) {
        figures.set(e.key, emptyFigures());
        dirty.add(e.key);
      }
    }
    legs = new Set(entries.flatMap((e) => [`${e.pair.y}|${e.pair.tf}`, `${e.pair.x}|${e.pair.tf}`]));
    const synced = syncFollowed();
    followedChanged.fire();
    scheduleSnapshot();
    return synced;
  };

  const noteLoad = (l: PairLoad): void => {
    const f = figures.get(l.key);
    if (!f) return;
    const last = l.recent[l.recent.length - 1];
    f.latest = last ?? null;
    f.spark = l.recent.slice(0, -1).map((p) => p.z);
    f.points = l.segmentPoints;
    f.afterBreak = l.afterBreak;
  };

  /** Keeps the latest point and the closed-bar z values (every point but the last is closed). */
  const noteFold = (f: Figures, fold: PairFold, wallNow: number): void => {
    const { points, segmentStarts } = fold.outcome;
    const last = points[points.length - 1];
    f.points = fold.segmentPoints;
    f.afterBreak = fold.afterBreak;
    f.lastBarAt = wallNow;
    if (!last) return;
    if (f.latest && f.latest.ts < last.ts) {
      // The previous latest point is closed now, unless this batch revised it (then its new version is below).
      if (!points.some((p) => p.ts === f.latest!.ts)) f.spark.push(f.latest.z);
    }
    for (const p of points.slice(0, -1)) if (!f.latest || p.ts >= f.latest.ts) f.spark.push(p.z);
    if (f.spark.length > SPARK_POINTS) f.spark.splice(0, f.spark.length - SPARK_POINTS);
    f.latest = last;
    f.segmentStart = segmentStarts[segmentStarts.length - 1] ?? null;
  };

  // ---- the screen pair's pushes (the renderer) ----

  // Series pushes: at most one per interval. The Coalescer alone is trailing-edge (every
  // update waits a full interval); pushing at once when the last push is an interval old
  // saves that wait on a quiet stream without ever exceeding the rate.
  const seriesInterval = opts.seriesIntervalMs ?? 100;
  let lastSeriesPush = -Infinity;
  const seriesScheduler: Scheduler = {
    setTimeout: (fn, ms) =>
      timers.setTimeout(() => {
        lastSeriesPush = clock();
        fn();
      }, ms),
    clearTimeout: (h) => timers.clearTimeout(h),
  };
  const series = new Coalescer<'analytics.onDidUpdateSeries'>(
    hub,
    'analytics.onDidUpdateSeries',
    (prev, next) =>
      samePair(prev.pair, next.pair) ? { pair: next.pair, points: mergeByTs(prev.points, next.points) } : next,
    seriesInterval,
    seriesScheduler,
  );
  owned.add({ dispose: () => series.dispose() });
  const isScreen = (pair: PairSpec): boolean => watching !== null && samePair(watching, pair);
  owned.add(
    folded.event((e) => {
      if (!isScreen(e.pair) || e.points.length === 0) return;
      series.push(pairKey(e.pair), { pair: e.pair, points: [...e.points] });
      if (clock() - lastSeriesPush >= seriesInterval) {
        lastSeriesPush = clock();
        series.flush();
      }
    }),
  );
  owned.add(
    evaluated.event((e) => {
      if (isScreen(e.snapshot.pair)) hub.emit('analytics.onDidUpdateSnapshot', e.snapshot);
    }),
  );

  // ---- full evaluations, round robin ----

  /** Followed pairs changed since their last evaluation. */
  const dirty = new Set<string>();
  let inFlight = false;
  let lastStart = -Infinity;
  let lastComputeMs = 0;
  /** Where the round robin continues (the key evaluated last). */
  let lastKey: string | null = null;
  const snapshotTimer = owned.add(new RunOnceScheduler(() => scheduleSnapshot(), 0, timers));

  /** The next pair to evaluate and when it may start (monotonic ms); null when none is due. */
  const nextDue = (): { key: string; at: number } | null => {
    const globalAt = lastStart + 4 * lastComputeMs;
    const order = watchSet.entries().map((e) => e.key);
    // The screen's pair first, then the others after the one evaluated last.
    const screenKey = watching ? pairKey(watching) : null;
    const from = lastKey === null ? 0 : order.indexOf(lastKey) + 1;
    const rotated = [...order.slice(from), ...order.slice(0, from)];
    const candidates = screenKey !== null ? [screenKey, ...rotated.filter((k) => k !== screenKey)] : rotated;
    let best: { key: string; at: number } | null = null;
    for (const key of candidates) {
      if (!dirty.has(key)) continue;
      const f = figures.get(key);
      if (!f) continue;
      const at = Math.max(globalAt, f.lastEvalStart + minGap);
      if (at <= clock()) return { key, at };
      if (!best || at < best.at) best = { key, at };
    }
    return best;
  };

  function scheduleSnapshot(): void {
    if (disposed || inFlight) return;
    const due = nextDue();
    if (!due) return;
    const wait = due.at - clock();
    if (wait > 0) {
      if (!snapshotTimer.isScheduled) snapshotTimer.schedule(wait);
      return;
    }
    snapshotTimer.cancel();
    void runSnapshot(due.key);
  }

  const runSnapshot = async (key: string): Promise<void> => {
    const f = figures.get(key)!;
    inFlight = true;
    dirty.delete(key);
    lastKey = key;
    lastStart = f.lastEvalStart = clock();
    try {
      // Robust fits only for the charts of the pair on screen: the costliest part at W = 3600.
      // (A theil-sen pair's hedge is fitted anyway: it is the spread, see messages.ts.)
      const snap = await host.call('liveSnapshot', { key, robust: watching !== null && pairKey(watching) === key });
      const current = figures.get(key);
      if (snap && current && !disposed) {
        if (snap.ok) lastComputeMs = snap.computeMs;
        const stamped = { ...snap, computedAt: now() };
        current.snapshot = stamped;
        stats.snapshotsPushed++;
        evaluated.fire({ snapshot: stamped, segmentStart: current.segmentStart });
        figuresChanged.fire([key]);
      }
    } catch (err) {
      if (!disposed) report(err);
    } finally {
      inFlight = false;
      scheduleSnapshot();
    }
  };

  // ---- folds ----

  const deliverFolds = (folds: readonly PairFold[]): void => {
    const wallNow = now();
    const changed: string[] = [];
    for (const fold of folds) {
      const f = figures.get(fold.key);
      if (!f) continue; // no longer followed
      noteFold(f, fold, wallNow);
      changed.push(fold.key);
      dirty.add(fold.key);
      const { points, segmentStarts, closed } = fold.outcome;
      if (points.length > 0) folded.fire({ pair: fold.pair, points, segmentStarts, closed });
    }
    if (changed.length > 0) figuresChanged.fire(changed);
    scheduleSnapshot();
  };

  const handlers: AnalyticsHandlers = {
    'analytics.getSnapshot': async ({ to, ...spec }) => ({
      ...(await host.call('snapshot', { spec, to })),
      computedAt: now(),
    }),
    'analytics.getSeries': ({ from, to, limit, buckets, ...spec }) =>
      host.call('series', { spec, from, to, limit, buckets }),
    'analytics.watchPair': async (spec) => {
      watching = spec;
      // Pushes held for the previous pair never leave.
      series.dispose();
      const key = pairKey(spec);
      const known = figures.get(key);
      await (setReason('screen', [spec]) ?? liveChain);
      // A new look at a pair followed already (a rule's, the watchlist's): evaluate it now,
      // first in line. A pair new to the set is due anyway.
      if (known && figures.get(key) === known) {
        dirty.add(key);
        known.lastEvalStart = -Infinity;
      }
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
    setAlertPairs: (pairs) => void setReason('alert', pairs),
    setWatchlist: (pairs) => void setReason('watchlist', pairs),
    followed: (): FollowedFigures[] =>
      watchSet.entries().map((e) => {
        const f = figures.get(e.key) ?? emptyFigures();
        return {
          pair: e.pair,
          reasons: e.reasons,
          latest: f.latest,
          points: f.points,
          afterBreak: f.afterBreak,
          lastBarAt: f.lastBarAt,
          snapshot: f.snapshot,
          spark: [...f.spark],
        };
      }),
    onDidChangeFollowed: (listener) => followedChanged.event(listener),
    onDidChangeFigures: (listener) => figuresChanged.event(listener),
    onDidFold: (listener) => folded.event(listener),
    onDidEvaluate: (listener) => evaluated.event(listener),
    onBars(changed) {
      if (disposed || legs.size === 0) return;
      // Only followed legs' bars cross to the worker: a few per batch, never history.
      const mine = changed.filter((b) => legs.has(`${b.symbol}|${b.tf}`));
      if (mine.length === 0) return;
      void track(
        host.call('bars', { bars: mine }).then((folds) => {
          stats.batchesFolded++;
          if (!disposed) deliverFolds(folds.filter((fold) => isFollowed(fold.key)));
        }),
      );
    },
    settled: () => liveChain,
    async dispose() {
      if (disposed) return;
      disposed = true;
      owned.dispose();
      await host.dispose();
    },
  };
}

/** Two ascending point lists folded, the newer version of a point winning. */
export function mergePoints(prev: readonly RollingPoint[], next: readonly RollingPoint[]): RollingPoint[] {
  return mergeByTs(prev, next);
}
