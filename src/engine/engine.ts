import type { EngineStatus, EventPayload, RequestHandlers } from '../shared/contract';
import type { Bar, StreamKind } from '../shared/market';
import { ApiFailure, createDispatcher, type Dispatcher } from './api/dispatcher';
import { Coalescer, EventHub } from './api/eventHub';
import { createAlertService, type AlertService, type Notifier } from './alerts/alertService';
import { createAnalyticsService, type AnalyticsService } from './analytics/service';
import type { WorkerEntry } from './analytics/workerEntry';
import { createExportJob, type ExportTarget } from './export/exportJob';
import { createIngestor, type Ingestor } from './ingest/ingestor';
import type { TickSource } from './ports';
import { DemoFeed } from './sources/demoFeed';
import { openStore, type SqliteTickStore } from './store/sqliteStore';

export type SourceConfig =
  | { kind: 'none' }
  | { kind: 'demo'; seed?: number; historyMs?: number }
  | { kind: 'live'; symbols: string[]; stream?: StreamKind; wsUrl?: string; restUrl?: string }
  | { kind: 'replay'; files: string[]; speed?: number };

export interface EngineOptions {
  dbPath: string;
  /** better_sqlite3.node for this runtime's ABI (Electron passes its own build). */
  nativeBinding?: string;
  source: SourceConfig;
  version?: string;
  /** How often status is pushed (the renderer's status bar). */
  statusEveryMs?: number;
  /** The analytics worker (Electron passes its bundled file; default: resolved at run time). */
  analyticsWorker?: WorkerEntry;
  /** Native notifications for alerts (Electron); browsers get the alerts.onDidFire push either way. */
  notifier?: Notifier;
  /** Delete ticks older than this many days (bars are kept), at start and hourly; default: keep all. */
  retentionDays?: number;
}

/** Builds the tick source for a configuration; feeds live in their own modules. */
export type SourceFactory = (config: SourceConfig, engine: { store: SqliteTickStore; sink: Ingestor }) => Promise<TickSource | null>;

/**
 * The headless engine: store, ingest pipeline, tick source and the contract's handlers and
 * pushes. Electron main and `tickscope serve` both wrap one of these; neither adds logic.
 */
export class Engine {
  readonly hub = new EventHub();
  readonly dispatcher: Dispatcher;
  private source: TickSource | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private exportTarget: ExportTarget | null = null;
  private exportSeq = 0;
  private readonly barPushes: Coalescer<'market.onDidUpdateBars'>;

  readonly analytics: AnalyticsService;
  readonly alerts: AlertService;

  private constructor(
    readonly store: SqliteTickStore,
    readonly ingestor: Ingestor,
    private readonly opts: EngineOptions,
  ) {
    this.barPushes = new Coalescer(this.hub, 'market.onDidUpdateBars', (prev, next) => ({
      ...prev,
      bars: mergeByTs(prev.bars, next.bars),
    }));
    this.analytics = createAnalyticsService({
      store,
      dbPath: opts.dbPath,
      nativeBinding: opts.nativeBinding,
      hub: this.hub,
      workerEntry: opts.analyticsWorker,
    });
    this.alerts = createAlertService({
      db: store.db,
      hub: this.hub,
      notifier: opts.notifier ?? { notify: () => undefined },
      loadBars: (q) => store.getBars(q),
    });
    // Alerts read the analytics pushes, so a rule sees exactly what the charts show.
    this.hub.subscribe((event, payload) => {
      if (event === 'analytics.onDidUpdateSeries') this.alerts.onSeries(payload as EventPayload<'analytics.onDidUpdateSeries'>);
      else if (event === 'analytics.onDidUpdateSnapshot') this.alerts.onSnapshot(payload as EventPayload<'analytics.onDidUpdateSnapshot'>);
    });
    this.dispatcher = createDispatcher(this.handlers());
  }

  static async open(opts: EngineOptions, sources: SourceFactory = defaultSources): Promise<Engine> {
    const store = openStore(opts.dbPath, { nativeBinding: opts.nativeBinding });
    let engine: Engine | null = null;
    const ingestor = createIngestor({ store, onBars: (bars) => engine?.onCommittedBars(bars) });
    engine = new Engine(store, ingestor, opts);
    engine.source = await sources(opts.source, { store, sink: ingestor });
    return engine;
  }

  /** After every committed ingest batch: bars are in SQLite, now everyone may see them. */
  private onCommittedBars(bars: Bar[]): void {
    this.publishBars(bars);
    this.analytics.onBars(bars);
    this.alerts.onBars(bars);
  }

  /** Where `export.run` delivers: Electron's save dialog, or serve's browser downloads. */
  setExportTarget(target: ExportTarget): void {
    this.exportTarget = target;
  }

  get sourceKind(): EngineStatus['source'] {
    return this.source?.kind ?? 'none';
  }

  async start(): Promise<void> {
    await this.source?.start();
    this.watchAlertPair();
    const days = this.opts.retentionDays;
    if (days !== undefined && days > 0) {
      const apply = () => this.store.applyRetention(days, Date.now());
      apply();
      this.retentionTimer = setInterval(apply, 3_600_000);
    }
    this.statusTimer = setInterval(() => {
      const status = this.status();
      this.hub.emit('system.onDidChangeStatus', status);
      this.alerts.onStatus(status);
    }, this.opts.statusEveryMs ?? 1000);
  }

  /** Pair rules need the live analytics of their pair: watch one if nothing is watched yet. */
  private watchAlertPair(): void {
    const pair = this.alerts.watchedPairs()[0];
    if (!pair || this.analytics.watching) return;
    Promise.resolve(this.analytics.handlers['analytics.watchPair'](pair)).catch((err: unknown) =>
      this.hub.emit('system.onDidLog', { level: 'error', message: `analytics: could not watch ${pair.y}/${pair.x}: ${String(err)}` }),
    );
  }

  /** Graceful shutdown: stop the source, flush the last batch, close the database. */
  async stop(): Promise<void> {
    if (this.statusTimer) clearInterval(this.statusTimer);
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.statusTimer = null;
    this.retentionTimer = null;
    await this.source?.stop();
    this.ingestor.close();
    this.barPushes.flush();
    this.barPushes.dispose();
    await this.analytics.dispose();
    this.alerts.dispose();
    this.store.close();
  }

  status(): EngineStatus {
    const fromSource = this.source?.status() ?? [];
    const stats = new Map(this.ingestor.stats().symbols.map((s) => [s.symbol, s]));
    const symbols = fromSource.map((s) => ({
      ...s,
      ticksStored: stats.get(s.symbol)?.stored ?? s.ticksStored,
      rejects: s.rejects + (stats.get(s.symbol)?.rejects ?? 0),
      lastTickTs: stats.get(s.symbol)?.lastTickTs ?? s.lastTickTs,
    }));
    return {
      version: this.opts.version ?? '0.0.0',
      source: this.sourceKind,
      symbols,
      dbPath: this.store.path,
      dbSizeBytes: this.store.sizeBytes(),
    };
  }

  private publishBars(bars: Bar[]): void {
    const byTopic = new Map<string, Bar[]>();
    for (const b of bars) {
      const key = `${b.symbol}|${b.tf}`;
      const list = byTopic.get(key) ?? [];
      list.push(b);
      byTopic.set(key, list);
    }
    for (const [key, list] of byTopic) {
      list.sort((a, b) => a.ts - b.ts);
      this.barPushes.push(key, { symbol: list[0].symbol, tf: list[0].tf, bars: list });
    }
  }

  private handlers(): RequestHandlers {
    return {
      'system.ping': () => ({ now: Date.now() }),
      'system.getStatus': () => this.status(),
      'market.listSymbols': () => ({ symbols: this.store.listSymbols() }),
      'market.getBars': (q) => ({ bars: this.store.getBars(q) }),
      'export.run': (req) => {
        if (!this.exportTarget) throw new ApiFailure('bad_request', 'this engine has no export target (no window or browser to save to)');
        const job = createExportJob(this.store, req, `export-${Date.now()}-${++this.exportSeq}`);
        return this.exportTarget.deliver(job, (rows, done, error, path) =>
          this.hub.emit('export.onDidProgress', { id: job.id, rows, done, ...(error ? { error } : {}), ...(path ? { path } : {}) }),
        );
      },
      ...this.analytics.handlers,
      ...this.alerts.handlers,
    };
  }
}

/** Folds two ascending bar lists, the newer version of a bar winning. */
export function mergeByTs(prev: readonly Bar[], next: readonly Bar[]): Bar[] {
  const map = new Map<number, Bar>();
  for (const b of prev) map.set(b.ts, b);
  for (const b of next) map.set(b.ts, b);
  return [...map.values()].sort((a, b) => a.ts - b.ts);
}

async function defaultSources(config: SourceConfig, engine: { store: SqliteTickStore; sink: Ingestor }): Promise<TickSource | null> {
  switch (config.kind) {
    case 'none':
      return null;
    case 'demo':
      return new DemoFeed({ sink: engine.sink, seed: config.seed, historyMs: config.historyMs });
    case 'live': {
      const { BinanceFeed } = await import('./feed/binanceFeed');
      return new BinanceFeed({ ...config, sink: engine.sink, store: engine.store });
    }
    case 'replay': {
      const { FileReplaySource } = await import('./sources/fileReplay');
      return new FileReplaySource({ files: config.files, speed: config.speed, sink: engine.sink });
    }
  }
}
