import { statSync } from 'node:fs';
import type { EngineStatus, EventPayload, RequestHandlers, SourceSetting } from '../shared/contract';
import type { Bar, StreamKind } from '../shared/market';
import { ApiFailure, createDispatcher, type Dispatcher } from './api/dispatcher';
import { Coalescer, EventHub } from './api/eventHub';
import { createAlertService, type AlertService, type Notifier } from './alerts/alertService';
import { createAnalyticsService, type AnalyticsService } from './analytics/service';
import type { WorkerEntry } from './analytics/workerEntry';
import { createBacktestJobs, type BacktestJobs } from './backtest/backtestJobs';
import { createExportJob, ownReadConnection, type ExportTarget } from './export/exportJob';
import { createIngestor, type Ingestor } from './ingest/ingestor';
import type { TickSource } from './ports';
import { DemoFeed } from './sources/demoFeed';
import { openStore, type SqliteTickStore } from './store/sqliteStore';

/** How often the analytics worker checkpoints the WAL, and the size at which main does it itself. */
const CHECKPOINT_EVERY_MS = 1000;
const WAL_FALLBACK_BYTES = 64 * 2 ** 20;

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
  /** Binance endpoints used when the source is switched to live at run time. */
  endpoints?: { wsUrl?: string; restUrl?: string };
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
  private sourceError: string | null = null;
  /** Shown in the status until the user changes the source. */
  notice: string | null = null;
  private sources: SourceFactory = defaultSources;
  private exchangeSymbols: { at: number; symbols: string[] } | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private exportTarget: ExportTarget | null = null;
  private exportSeq = 0;
  private readonly barPushes: Coalescer<'market.onDidUpdateBars'>;

  readonly analytics: AnalyticsService;
  readonly alerts: AlertService;
  /** backtest.run / cancel: each job in a worker thread on its own read-only connection. */
  readonly backtests: BacktestJobs;

  private constructor(
    readonly store: SqliteTickStore,
    readonly ingestor: Ingestor,
    private readonly opts: EngineOptions,
  ) {
    this.barPushes = new Coalescer(this.hub, 'market.onDidUpdateBars', (prev, next) => ({
      ...prev,
      bars: mergeByTs(prev.bars, next.bars),
    }));
    const onDisk = opts.dbPath !== ':memory:';
    this.analytics = createAnalyticsService({
      store,
      dbPath: opts.dbPath,
      nativeBinding: opts.nativeBinding,
      hub: this.hub,
      workerEntry: opts.analyticsWorker,
      checkpointEveryMs: onDisk ? CHECKPOINT_EVERY_MS : undefined,
    });
    // The worker checkpoints the WAL (off the main thread); the status timer keeps a
    // fallback in case the worker is gone.
    if (onDisk) store.db.pragma('wal_autocheckpoint = 0');
    this.alerts = createAlertService({
      db: store.db,
      hub: this.hub,
      notifier: opts.notifier ?? { notify: () => undefined },
      loadBars: (q) => store.getBars(q),
      // Rules judge data on the source's clock: a replay of 2024 fires as 2024 unfolds.
      now: () => this.source?.dataTime?.() ?? Date.now(),
    });
    // Alerts read the analytics pushes, so a rule sees exactly what the charts show.
    this.hub.subscribe((event, payload) => {
      if (event === 'analytics.onDidUpdateSeries') this.alerts.onSeries(payload as EventPayload<'analytics.onDidUpdateSeries'>);
      else if (event === 'analytics.onDidUpdateSnapshot') this.alerts.onSnapshot(payload as EventPayload<'analytics.onDidUpdateSnapshot'>);
    });
    this.backtests = createBacktestJobs({ dbPath: opts.dbPath, nativeBinding: opts.nativeBinding, hub: this.hub });
    this.dispatcher = createDispatcher(this.handlers());
  }

  static async open(opts: EngineOptions, sources: SourceFactory = defaultSources): Promise<Engine> {
    const store = openStore(opts.dbPath, { nativeBinding: opts.nativeBinding });
    let engine: Engine | null = null;
    const ingestor = createIngestor({ store, onBars: (bars) => engine?.onCommittedBars(bars) });
    engine = new Engine(store, ingestor, opts);
    engine.sources = sources;
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
    await this.startSource();
    this.watchAlertPair();
    const days = this.opts.retentionDays;
    if (days !== undefined && days > 0) {
      const apply = () => this.store.applyRetention(days, Date.now());
      apply();
      this.retentionTimer = setInterval(apply, 3_600_000);
    }
    this.statusTimer = setInterval(() => {
      this.checkpointIfWalLarge();
      const status = this.status();
      this.hub.emit('system.onDidChangeStatus', status);
      this.alerts.onStatus(status);
    }, this.opts.statusEveryMs ?? 1000);
  }

  /** Fallback when the worker's checkpoints are not happening: never let the WAL grow unbounded. */
  private checkpointIfWalLarge(): void {
    if (this.opts.dbPath === ':memory:') return;
    try {
      if (statSync(`${this.opts.dbPath}-wal`).size > WAL_FALLBACK_BYTES) this.store.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // No WAL file yet, or it vanished between the check and the call.
    }
  }

  /** Pair rules need the live analytics of their pair: watch one if nothing is watched yet. */
  private watchAlertPair(): void {
    const pair = this.alerts.watchedPairs()[0];
    if (!pair || this.analytics.watching) return;
    Promise.resolve(this.analytics.handlers['analytics.watchPair'](pair)).catch((err: unknown) =>
      this.hub.emit('system.onDidLog', { level: 'error', message: `analytics: could not watch ${pair.y}/${pair.x}: ${String(err)}` }),
    );
  }

  /**
   * A source that cannot start (Binance unreachable, a bad symbol) is reported in the status
   * and as a log event, never thrown: the app stays up and offers demo, replay or import.
   */
  private async startSource(): Promise<void> {
    this.sourceError = null;
    try {
      await this.source?.start();
    } catch (err) {
      this.sourceError = err instanceof Error ? err.message : String(err);
      this.hub.emit('system.onDidLog', { level: 'error', message: `${this.sourceKind} source did not start: ${this.sourceError}` });
      await this.source?.stop().catch(() => undefined);
    }
  }

  /** The live endpoints are the engine's settings (tests point them at a fake Binance). */
  private liveEndpoints(): { wsUrl?: string; restUrl?: string } {
    const s = this.opts.source;
    return s.kind === 'live' ? { wsUrl: s.wsUrl, restUrl: s.restUrl } : (this.opts.endpoints ?? {});
  }

  /** Stops the current source and starts another (connect, disconnect, demo, replay). */
  async setSource(setting: SourceSetting): Promise<void> {
    await this.source?.stop().catch(() => undefined);
    this.ingestor.flush();
    const config: SourceConfig = setting.kind === 'live' ? { ...setting, ...this.liveEndpoints() } : setting;
    this.source = await this.sources(config, { store: this.store, sink: this.ingestor });
    await this.startSource();
    this.hub.emit('system.onDidChangeStatus', this.status());
  }

  /** Trading USD-M symbols from exchangeInfo (cached 10 min); the stored ones when offline. */
  private async listExchangeSymbols(): Promise<{ symbols: string[]; origin: 'exchange' | 'stored'; error?: string }> {
    if (this.exchangeSymbols && Date.now() - this.exchangeSymbols.at < 600_000) return { symbols: this.exchangeSymbols.symbols, origin: 'exchange' };
    const base = this.liveEndpoints().restUrl ?? 'https://fapi.binance.com';
    try {
      const res = await fetch(`${base}/fapi/v1/exchangeInfo`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`exchangeInfo answered HTTP ${res.status}`);
      const info = (await res.json()) as { symbols?: { symbol: string; status: string }[] };
      if (!Array.isArray(info.symbols)) throw new Error('exchangeInfo has no symbols list');
      const symbols = info.symbols.filter((x) => x.status === 'TRADING').map((x) => x.symbol).sort();
      this.exchangeSymbols = { at: Date.now(), symbols };
      return { symbols, origin: 'exchange' };
    } catch (err) {
      return { symbols: this.store.listSymbols(), origin: 'stored', error: `Binance unreachable: ${err instanceof Error ? err.message : String(err)}` };
    }
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
    await this.backtests.dispose();
    this.alerts.dispose();
    this.store.close();
  }

  status(): EngineStatus {
    const fromSource = this.source?.status() ?? [];
    const stats = new Map(this.ingestor.stats().symbols.map((s) => [s.symbol, s]));
    const symbols = fromSource.map((s) => ({
      ...s,
      ticksStored: stats.get(s.symbol)?.stored ?? s.ticksStored,
      // Sources count each frame they reject and also report it to the ingestor (its
      // reasons tally), so the source's own count is the whole figure: adding the
      // ingestor's counted every reject twice.
      rejects: s.rejects,
      lastTickTs: stats.get(s.symbol)?.lastTickTs ?? s.lastTickTs,
    }));
    return {
      version: this.opts.version ?? '0.0.0',
      source: this.sourceKind,
      sourceError: this.sourceError,
      notice: this.notice,
      symbols,
      dbPath: this.store.path,
      dbSizeBytes: this.store.sizeBytes(),
    };
  }

  /**
   * Bar series some client has loaded (market.getBars). Only those are pushed: every batch
   * changes bars of all nine timeframes, and a dashboard shows two or three of them.
   */
  private readonly barInterest = new Set<string>();

  private publishBars(bars: Bar[]): void {
    const byTopic = new Map<string, Bar[]>();
    for (const b of bars) {
      const key = `${b.symbol}|${b.tf}`;
      if (!this.barInterest.has(key)) continue;
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
      'system.setSource': async (setting) => {
        this.notice = null;
        await this.setSource(setting);
        return this.status();
      },
      'market.listExchangeSymbols': () => this.listExchangeSymbols(),
      'market.listSymbols': () => ({ symbols: this.store.listSymbols() }),
      'market.getBars': (q) => {
        this.barInterest.add(`${q.symbol}|${q.tf}`);
        return { bars: this.store.getBars(q) };
      },
      'market.getBarOverview': (q) => {
        this.barInterest.add(`${q.symbol}|${q.tf}`);
        return this.store.getBarOverview(q);
      },
      'export.run': (req) => {
        if (!this.exportTarget) throw new ApiFailure('bad_request', 'this engine has no export target (no window or browser to save to)');
        const job = createExportJob(ownReadConnection(this.store, this.opts.nativeBinding), req, `export-${Date.now()}-${++this.exportSeq}`);
        return this.exportTarget.deliver(job, (rows, done, error, path) =>
          this.hub.emit('export.onDidProgress', { id: job.id, rows, done, ...(error ? { error } : {}), ...(path ? { path } : {}) }),
        );
      },
      ...this.analytics.handlers,
      ...this.alerts.handlers,
      ...this.backtests.handlers,
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
