import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gapSpanOf } from '../core/analytics/breaks';
import type { Bar } from '../shared/market';
import type { EventHub } from './api/eventHub';
import { createAlertService, type AlertService, type Notifier } from './alerts/alertService';
import { createAnalyticsService, type AnalyticsService } from './analytics/service';
import type { WorkerEntry } from './analytics/workerEntry';
import { createIngestor, type Ingestor } from './ingest/ingestor';
import { createBacktestJobs, type BacktestJobs } from './backtest/backtestJobs';
import { ReadPool } from './reads/readPool';
import { createScanJobs, type ScanJobs } from './scanner/scanJobs';
import { openStore, type SqliteTickStore } from './store/sqliteStore';
import { createWatchlistService, type WatchlistService } from './watchlist/watchlistService';

/** How often the analytics worker checkpoints the WAL (see Engine's fallback for a large WAL). */
const CHECKPOINT_EVERY_MS = 1000;

export interface EngineDataOptions {
  dbPath: string;
  /** A folder to delete with everything in it on close (the demo's throwaway database). */
  removeOnClose?: string;
  nativeBinding?: string;
  analyticsWorker?: WorkerEntry;
  notifier: Notifier;
  hub: EventHub;
  /** After every committed ingest batch, before analytics and alerts see it (the engine's pushes). */
  publish: (bars: Bar[]) => void;
  /** The source's clock: alert rules judge a replay of 2024 as 2024 unfolds. */
  now: () => number;
  /** The store refused a batch (the ingestor holds it and retries), and later took one again. */
  onWriteFailed?: (err: unknown) => void;
  onWriteRecovered?: () => void;
  /** Worker threads for the contract's big reads (serve), each with its own read-only connection. */
  readWorkers?: number;
  onReadWorkerExit?: (err: Error) => void;
  /** The services beside store and ingest (each on by default; a recorder runs none). */
  services?: EngineServices;
  /** Longest a trade waits in the ingest buffer (default: the ingestor's 100 ms). */
  ingestFlushMs?: number;
}

/** What runs beside the store and its ingest pipeline. */
export interface EngineServices {
  /** The analytics worker (its own thread and read-only connection). */
  analytics?: boolean;
  /** Alert rules, their tables and notifications. */
  alerts?: boolean;
  /** backtest.run / cancel in worker threads. */
  backtests?: boolean;
}

/**
 * One database and everything bound to it: the store, its ingest pipeline, the analytics
 * worker (its own read-only connection to the same file) and the alert service (its tables
 * live beside the store's). The engine holds one of these at a time and swaps it when the
 * demo starts or ends, so simulated trades, and rules or firings made on them, stay in the
 * demo's own database and never reach the user's.
 */
export interface EngineData {
  readonly path: string;
  /** True for the demo's throwaway database. */
  readonly demo: boolean;
  readonly store: SqliteTickStore;
  readonly ingestor: Ingestor;
  /** null when the engine runs without it (EngineServices). */
  readonly analytics: AnalyticsService | null;
  readonly alerts: AlertService | null;
  /** The user's watchlist (persisted in this database) and the rows of every followed pair;
   * null without analytics (the watch set lives there). */
  readonly watchlist: WatchlistService | null;
  /** backtest.run / cancel, reading this database (the demo's backtests read the demo's). */
  readonly backtests: BacktestJobs | null;
  /** scanner.run / cancel / getResult: scans this database's bars and saves the results in it
   * (starts its workers only when a scan runs). */
  readonly scans: ScanJobs;
  /** Answers market.getBars / getBarOverview off the main thread (null: read inline). */
  readonly readPool: ReadPool | null;
  /** Flushes the last buffered ticks, stops the worker, closes the file (deletes a demo's). */
  close(): Promise<void>;
}

export function openEngineData(o: EngineDataOptions): EngineData {
  const store = openStore(o.dbPath, { nativeBinding: o.nativeBinding });
  const onDisk = o.dbPath !== ':memory:';
  const services = { analytics: true, alerts: true, backtests: true, ...o.services };
  const analytics = services.analytics
    ? createAnalyticsService({
        store,
        dbPath: o.dbPath,
        nativeBinding: o.nativeBinding,
        hub: o.hub,
        workerEntry: o.analyticsWorker,
        checkpointEveryMs: onDisk ? CHECKPOINT_EVERY_MS : undefined,
      })
    : null;
  // The worker checkpoints the WAL (off the main thread); the engine's status timer keeps a
  // fallback in case the worker is gone. Without the worker SQLite checkpoints as it writes.
  if (onDisk && analytics) store.db.pragma('wal_autocheckpoint = 0');
  const alerts = services.alerts
    ? createAlertService({
        db: store.db,
        hub: o.hub,
        notifier: o.notifier,
        loadBars: (q) => store.getBars(q),
        // Unfilled gaps are breaks in the data: no rule compares across one.
        loadGaps: (symbol) => store.listUnfilledGaps(symbol).map(gapSpanOf),
        now: o.now,
        // Pair rules read the analytics service's figures of their own pair, whatever is on screen.
        pairs: analytics ?? undefined,
        onDidChangePairs: (pairs) => analytics?.setAlertPairs(pairs),
      })
    : null;
  const watchlist = analytics ? createWatchlistService({ db: store.db, hub: o.hub, source: analytics }) : null;
  // Bars are in SQLite when this runs: now everyone may see them.
  const ingestor = createIngestor({
    store,
    onBars: (bars) => {
      o.publish(bars);
      analytics?.onBars(bars);
      alerts?.onBars(bars);
    },
    flushMs: o.ingestFlushMs,
    onError: o.onWriteFailed,
    onRecovered: o.onWriteRecovered,
  });
  const readPool =
    o.readWorkers && o.readWorkers > 0 && onDisk
      ? new ReadPool({
          dbPath: o.dbPath,
          nativeBinding: o.nativeBinding,
          size: o.readWorkers,
          onWorkerExit: o.onReadWorkerExit,
        })
      : null;
  const backtests = services.backtests
    ? createBacktestJobs({ dbPath: o.dbPath, nativeBinding: o.nativeBinding, hub: o.hub })
    : null;
  // The `watchlist` universe: both legs of every pair the user watches.
  const scans = createScanJobs({
    store,
    hub: o.hub,
    watchlistSymbols: () => (watchlist?.pairs() ?? []).flatMap((p) => [p.y, p.x]),
  });
  return {
    path: o.dbPath,
    demo: o.removeOnClose !== undefined,
    readPool,
    backtests,
    scans,
    store,
    ingestor,
    analytics,
    alerts,
    watchlist,
    async close() {
      ingestor.close();
      watchlist?.dispose();
      await analytics?.dispose();
      await readPool?.dispose();
      await backtests?.dispose();
      await scans.dispose();
      alerts?.dispose();
      store.close();
      if (o.removeOnClose) rmSync(o.removeOnClose, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh folder and file for one run of the demo. Fresh each time: the simulation restarts
 * its trade ids, which a database that already holds them would drop as duplicates.
 */
export function newDemoDatabase(parent: string = tmpdir()): { dir: string; path: string } {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'tickscope-demo-'));
  return { dir, path: join(dir, 'demo.db') };
}
