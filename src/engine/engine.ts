import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EngineStatus, PairSpec, RequestHandlers, SourceSetting, StoreHealthStatus } from '../shared/contract';
import { demoSymbolRefusal, isDemoSymbol } from '../shared/demoSymbols';
import { mergeByTs } from '../shared/sorted';
import type { Bar, StreamKind } from '../shared/market';
import {
  ApiFailure,
  createDispatcher,
  LOCAL_CLIENT,
  type CallContext,
  type Dispatcher,
  type PreparedHandlers,
} from './api/dispatcher';
import { Coalescer, EventHub } from './api/eventHub';
import { DisposableStore, toDisposable, type Disposable } from './lifecycle';
import type { AlertService, Notifier } from './alerts/alertService';
import type { AnalyticsService } from './analytics/service';
import type { WorkerEntry } from './analytics/workerEntry';
import { fetchExchangeInfo, tradingSymbols } from './feed/exchangeInfo';
import { DEFAULT_REST_URL, RestClient } from './feed/restClient';
import { TimerSet } from './feed/timers';
import { newDemoDatabase, openEngineData, type EngineData, type EngineServices } from './engineData';
import type { BacktestJobs } from './backtest/backtestJobs';
import type { ScanJobs } from './scanner/scanJobs';
import { createExportJob, ownReadConnection, type ExportTarget } from './export/exportJob';
import type { Ingestor, StoreHealth } from './ingest/ingestor';
import type { BarQuery, TickSource } from './ports';
import type { TickPublisher } from './bus/publisher';
import { DemoFeed } from './sources/demoFeed';
import type { SqliteTickStore } from './store/sqliteStore';

/** The WAL size at which main checkpoints itself (the analytics worker normally does). */
const WAL_FALLBACK_BYTES = 64 * 2 ** 20;

export type SourceConfig =
  | { kind: 'none' }
  | { kind: 'demo'; seed?: number; historyMs?: number }
  | { kind: 'live'; symbols: string[]; stream?: StreamKind; wsUrl?: string; restUrl?: string }
  | { kind: 'replay'; files: string[]; speed?: number }
  /** The tick bus: consume these symbols from NATS JetStream (../shared/specs/tick-bus.md). */
  | {
      kind: 'nats';
      url: string;
      symbols: string[];
      startTime?: number;
      env?: Readonly<Record<string, string | undefined>>;
    };

export interface EngineOptions {
  /** The user's database. The demo never writes here: it runs on a throwaway one of its own. */
  dbPath: string;
  /** Where the demo's throwaway database folder is made (default: the system temp folder). */
  demoDir?: string;
  /** better_sqlite3.node for this runtime's ABI (Electron passes its own build). */
  nativeBinding?: string;
  source: SourceConfig;
  version?: string;
  /** How often status is pushed (the renderer's status bar); 0: never (a recorder has no status bar). */
  statusEveryMs?: number;
  /** The analytics worker (Electron passes its bundled file; default: resolved at run time). */
  analyticsWorker?: WorkerEntry;
  /** Native notifications for alerts (Electron); browsers get the alerts.onDidFire push either way. */
  notifier?: Notifier;
  /** Binance endpoints used when the source is switched to live at run time. */
  endpoints?: { wsUrl?: string; restUrl?: string };
  /** Delete ticks older than this many days (bars are kept), at start and hourly; default: keep all. */
  retentionDays?: number;
  /** Also publish every stored trade to the tick bus (a recorder: ../shared/specs/tick-bus.md). */
  publish?: { url: string; replicas?: number; env?: Readonly<Record<string, string | undefined>> };
  /**
   * Worker threads that answer market.getBars and market.getBarOverview off the main thread
   * (src/engine/reads), as ready-to-send JSON. 0 (default) reads inline. tickscope serve
   * uses them: many browser clients may ask for a day of bars at once. They run where tsx
   * does; Electron (one trusted window, no bundled read worker) reads inline.
   */
  readWorkers?: number;
  /**
   * The services beside store and ingest, each on by default. `tickscope record` runs none:
   * no analytics worker, alert rules or backtest jobs; their channels then answer that the
   * engine runs without them.
   */
  services?: EngineServices;
  /** Longest a trade waits in the ingest buffer (default 100 ms; a publishing recorder stores every 20 ms). */
  ingestFlushMs?: number;
}

/** Opens a file dialog for replay and answers the chosen paths (none when cancelled). */
export type ReplayPicker = () => Promise<string[]>;

/** Builds the tick source for a configuration; feeds live in their own modules. */
export type SourceFactory = (
  config: SourceConfig,
  engine: { store: SqliteTickStore; sink: Ingestor },
) => Promise<TickSource | null>;

/**
 * The headless engine: store, ingest pipeline, tick source and the contract's handlers and
 * pushes. The one composition root: Electron main, `tickscope serve` and `tickscope record`
 * (without the app's services) each wrap one of these; none adds logic.
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
  /** The repeating timers start() sets (status pushes, retention); stop() releases them. */
  private readonly timers = new DisposableStore();
  private exportTarget: ExportTarget | null = null;
  private exportSeq = 0;
  /**
   * Source changes (start, setSource, stop) run one after another in request order. Two
   * overlapping setSource calls used to interleave their awaits: the earlier one's feed
   * started after the later one had replaced it, and kept writing while the status said
   * `none`. Now a call waits for the previous one, so the last request is the final state.
   */
  private sourceQueue: Promise<unknown> = Promise.resolve();
  private stopping = false;
  /** Absolute paths a client may ask to replay (system.listReplayFiles). */
  private readonly replayGrants = new Set<string>();
  private replayPicker: ReplayPicker | null = null;
  private readonly barPushes: Coalescer<'market.onDidUpdateBars'>;
  private publisher: TickPublisher | null = null;

  /** The database in use and what is bound to it: the user's, or the demo's own while the demo runs. */
  private data: EngineData;

  get store(): SqliteTickStore {
    return this.data.store;
  }
  get ingestor(): Ingestor {
    return this.data.ingestor;
  }
  get analytics(): AnalyticsService {
    return running(this.data.analytics, 'analytics');
  }
  get alerts(): AlertService {
    return running(this.data.alerts, 'alerts');
  }
  /** backtest.run / cancel: each job in a worker thread on its own read-only connection to the database in use. */
  get backtests(): BacktestJobs {
    return running(this.data.backtests, 'backtests');
  }
  /** scanner.run / cancel / getResult: the worker pool on the database in use (the demo scans the demo's). */
  get scans(): ScanJobs {
    return this.data.scans;
  }

  private constructor(private readonly opts: EngineOptions) {
    this.barPushes = new Coalescer(this.hub, 'market.onDidUpdateBars', (prev, next) => ({
      ...prev,
      bars: mergeByTs(prev.bars, next.bars),
    }));
    // Alerts subscribe to the analytics service itself (engineData): the numbers they judge
    // are the ones the charts and the watchlist show, for every followed pair.
    this.data = this.openData(opts.source.kind === 'demo');
    this.dispatcher = createDispatcher(this.handlers(), this.preparedHandlers());
    // A client's bar series are pushed while it is connected, not after.
    this.dispatcher.onDidDisconnect((client) => this.barInterest.delete(client));
  }

  static async open(opts: EngineOptions, sources: SourceFactory = defaultSources): Promise<Engine> {
    const engine = new Engine(opts);
    engine.sources = sources;
    // Files the engine was started with (named on the command line) may be replayed again.
    if (opts.source.kind === 'replay') engine.grantReplayFiles(opts.source.files);
    try {
      engine.source = await sources(opts.source, { store: engine.store, sink: engine.ingestor });
    } catch (err) {
      await engine.data.close();
      throw err;
    }
    return engine;
  }

  /** The user's database, or a fresh throwaway one for the demo (deleted when it closes). */
  private openData(demo: boolean): EngineData {
    const own = demo ? newDemoDatabase(this.opts.demoDir) : null;
    return openEngineData({
      dbPath: own?.path ?? this.opts.dbPath,
      removeOnClose: own?.dir,
      nativeBinding: this.opts.nativeBinding,
      analyticsWorker: this.opts.analyticsWorker,
      notifier: this.opts.notifier ?? { notify: () => undefined },
      hub: this.hub,
      publish: (bars) => this.publishBars(bars),
      now: () => this.source?.dataTime?.() ?? Date.now(),
      readWorkers: this.opts.readWorkers,
      services: this.opts.services,
      ingestFlushMs: this.opts.ingestFlushMs,
      onReadWorkerExit: (err) =>
        this.hub.emit('system.onDidLog', {
          level: 'warn',
          message: `a read worker stopped (${err.message}); the next read starts another`,
        }),
      onWriteFailed: (err) => this.onStoreWriteFailed(err),
      onWriteRecovered: () => this.onStoreWriteRecovered(),
    });
  }

  /**
   * Simulated trades never share a database with real ones: starting the demo moves the
   * engine onto a fresh demo database, and any other source moves it back onto the user's.
   * Clients learn of the move through the status (its dbPath) and the rules push.
   */
  private async useDatabaseFor(kind: SourceSetting['kind']): Promise<void> {
    if (kind !== 'demo' && !this.data.demo) return;
    const old = this.data;
    // Demo to demo keeps the pair on screen watched (same symbols, fresh data).
    const watching = kind === 'demo' ? (old.analytics?.watching ?? null) : null;
    await this.stopPublisher();
    this.data = this.openData(kind === 'demo');
    await old.close();
    await this.startPublisher();
    if (watching) this.watch(watching);
    if (this.data.alerts)
      this.hub.emit('alerts.onDidChangeRules', await this.data.alerts.handlers['alerts.listRules']({}));
    if (this.data.watchlist) this.hub.emit('watchlist.onDidChange', this.data.watchlist.list());
  }

  private lastWriteError: string | null = null;

  /**
   * The store refused a batch (disk full, read-only file). The ingestor holds the ticks and
   * retries; the user hears it once per distinct error, and the status says so meanwhile.
   */
  private onStoreWriteFailed(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (message === this.lastWriteError) return;
    this.lastWriteError = message;
    this.hub.emit('system.onDidLog', {
      level: 'error',
      message: `The database does not take new ticks: ${message}. They are held and retried.`,
    });
    this.hub.emit('system.onDidChangeStatus', this.status());
  }

  private onStoreWriteRecovered(): void {
    this.lastWriteError = null;
    const { droppedTicks } = this.ingestor.health();
    const lost = droppedTicks > 0 ? ` (${droppedTicks} ticks could not be kept meanwhile)` : '';
    this.hub.emit('system.onDidLog', { level: 'info', message: `The database takes new ticks again${lost}.` });
    this.hub.emit('system.onDidChangeStatus', this.status());
  }

  /** Where `export.run` delivers: Electron's save dialog, or serve's browser downloads. */
  setExportTarget(target: ExportTarget): void {
    this.exportTarget = target;
  }

  /** Lets clients replay these files (a file dialog's choice, the command line's); answers their absolute paths. */
  grantReplayFiles(files: readonly string[]): string[] {
    const paths = files.map((f) => resolve(f));
    for (const p of paths) this.replayGrants.add(p);
    return paths;
  }

  /** Electron's open dialog; without one (a browser), only granted files can be replayed. */
  setReplayPicker(picker: ReplayPicker): void {
    this.replayPicker = picker;
  }

  /**
   * The contract's replay request, held to the granted files. The refusal reads the same
   * whether or not the path exists, so a client cannot probe the file system with it.
   */
  private grantedReplay(setting: Extract<SourceSetting, { kind: 'replay' }>): SourceSetting {
    const files = setting.files.map((f) => resolve(f));
    const refused = files.find((f) => !this.replayGrants.has(f));
    if (refused !== undefined) {
      const how = this.replayPicker
        ? 'choose it with “Choose files…”'
        : 'name it on the command line (tickscope serve --source replay FILE…)';
      throw new ApiFailure('forbidden', `replay of ${refused} was not granted: ${how}`);
    }
    return { ...setting, files };
  }

  get sourceKind(): EngineStatus['source'] {
    return this.source?.kind ?? 'none';
  }

  /** Runs one source change after those already queued (see sourceQueue). */
  private serially<T>(change: () => Promise<T>): Promise<T> {
    const run = this.sourceQueue.then(change);
    this.sourceQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * Starts the publisher, the source, and the timers. A source that cannot start is reported
   * in the status (the app offers another); `sourceFailure: 'throw'` throws it instead, for
   * a command that has nothing to do without its source (`tickscope record`).
   */
  async start(opts: { sourceFailure?: 'report' | 'throw' } = {}): Promise<void> {
    await this.startPublisher();
    await this.serially(() => this.startSource(opts.sourceFailure === 'throw'));
    const days = this.opts.retentionDays;
    if (days !== undefined && days > 0) {
      const apply = () => this.store.applyRetention(days, Date.now());
      apply();
      this.timers.add(every(3_600_000, apply));
    }
    const statusEveryMs = this.opts.statusEveryMs ?? 1000;
    if (statusEveryMs <= 0) return;
    this.timers.add(
      every(statusEveryMs, () => {
        this.checkpointIfWalLarge();
        const status = this.status();
        this.hub.emit('system.onDidChangeStatus', status);
        this.data.alerts?.onStatus(status);
      }),
    );
  }

  /**
   * The recorder's side of the tick bus, bound to the user's database: trades are queued in
   * its outbox with every batch from now on (before the source starts, so none is missed),
   * and published as the server acknowledges. The demo's database never publishes: its
   * trades are invented. A server that is down is waited for; a stream with other settings
   * is reported in the status and the log.
   */
  private async startPublisher(): Promise<void> {
    const p = this.opts.publish;
    if (!p || this.data.demo || this.publisher) return;
    const [{ TickPublisher }, { parseBusUrl }] = await Promise.all([import('./bus/publisher'), import('./bus/busUrl')]);
    const publisher = new TickPublisher({
      address: parseBusUrl(p.url, p.env ?? {}, p.env?.TICKSCOPE_NATS_CREDS),
      db: this.store.db,
      replicas: p.replicas,
      onEvent: (message) => this.hub.emit('system.onDidLog', { level: 'warn', message }),
    });
    this.publisher = publisher;
    this.publisherError = null;
    this.unhookPublisher = this.ingestor.addCommitHook(publisher.enqueue);
    publisher.start().catch((err: unknown) => {
      this.hub.emit('system.onDidLog', {
        level: 'error',
        message: `tick bus: ${err instanceof Error ? err.message : String(err)}`,
      });
      this.publisherError = err instanceof Error ? err.message : String(err);
    });
  }

  /** Waits (bounded) for the outbox to be acknowledged; what is left goes out at the next start. */
  private async stopPublisher(): Promise<void> {
    const publisher = this.publisher;
    if (!publisher) return;
    this.publisher = null;
    this.unhookPublisher?.();
    this.unhookPublisher = null;
    const { pending } = await publisher.stop(this.publisherError ? 0 : 10_000);
    if (pending > 0) {
      this.hub.emit('system.onDidLog', {
        level: 'warn',
        message: `tick bus: ${pending} stored trades not yet acknowledged; they are published at the next start`,
      });
    }
  }

  private unhookPublisher: (() => void) | null = null;
  private publisherError: string | null = null;

  /** Fallback when the worker's checkpoints are not happening: never let the WAL grow unbounded. */
  private checkpointIfWalLarge(): void {
    if (this.data.path === ':memory:') return;
    try {
      if (statSync(`${this.data.path}-wal`).size > WAL_FALLBACK_BYTES) this.store.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // No WAL file yet, or it vanished between the check and the call.
    }
  }

  private watch(pair: PairSpec): void {
    Promise.resolve(this.analytics.handlers['analytics.watchPair'](pair)).catch((err: unknown) =>
      this.hub.emit('system.onDidLog', {
        level: 'error',
        message: `analytics: could not watch ${pair.y}/${pair.x}: ${String(err)}`,
      }),
    );
  }

  /**
   * A source that cannot start (Binance unreachable, a bad symbol) is reported in the status
   * and as a log event, never thrown: the app stays up and offers demo, replay or import.
   */
  private async startSource(rethrow = false): Promise<void> {
    this.sourceError = null;
    try {
      await this.source?.start();
    } catch (err) {
      this.sourceError = err instanceof Error ? err.message : String(err);
      await this.source?.stop().catch(() => undefined);
      if (rethrow) throw err;
      this.hub.emit('system.onDidLog', {
        level: 'error',
        message: `${this.sourceKind} source did not start: ${this.sourceError}`,
      });
    }
  }

  /** The live endpoints are the engine's settings (tests point them at a fake Binance). */
  private liveEndpoints(): { wsUrl?: string; restUrl?: string } {
    const s = this.opts.source;
    return s.kind === 'live' ? { wsUrl: s.wsUrl, restUrl: s.restUrl } : (this.opts.endpoints ?? {});
  }

  /**
   * Stops the current source and starts another (connect, disconnect, demo, replay), after
   * any change already under way: calls never overlap, and the last one wins.
   */
  setSource(setting: SourceSetting): Promise<void> {
    return this.serially(() => this.switchSource(setting));
  }

  private async switchSource(setting: SourceSetting): Promise<void> {
    if (this.stopping) throw new ApiFailure('bad_request', 'the engine is shutting down');
    // Forget the old source first: if the new one cannot be built, the status says none
    // rather than naming a source that was stopped.
    const old = this.source;
    this.source = null;
    await old?.stop().catch(() => undefined);
    this.ingestor.flush();
    old?.dispose?.();
    await this.useDatabaseFor(setting.kind);
    const config: SourceConfig =
      setting.kind === 'live'
        ? { ...setting, ...this.liveEndpoints() }
        : setting.kind === 'nats'
          ? { ...setting, env: process.env }
          : setting;
    this.source = await this.sources(config, { store: this.store, sink: this.ingestor });
    await this.startSource();
    this.hub.emit('system.onDidChangeStatus', this.status());
  }

  /** Trading USD-M symbols from exchangeInfo (cached 10 min); the stored ones when offline. */
  private async listExchangeSymbols(): Promise<{ symbols: string[]; origin: 'exchange' | 'stored'; error?: string }> {
    if (this.exchangeSymbols && Date.now() - this.exchangeSymbols.at < 600_000)
      return { symbols: this.exchangeSymbols.symbols, origin: 'exchange' };
    const rest = new RestClient({
      baseUrl: this.liveEndpoints().restUrl ?? DEFAULT_REST_URL,
      timers: new TimerSet(),
      now: Date.now,
      isStopped: () => false,
      maxAttempts: 1,
      requestTimeoutMs: 5000,
    });
    try {
      const symbols = tradingSymbols(await fetchExchangeInfo(rest));
      this.exchangeSymbols = { at: Date.now(), symbols };
      return { symbols, origin: 'exchange' };
    } catch (err) {
      return {
        symbols: this.store.listSymbols(),
        origin: 'stored',
        error: `Binance unreachable: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }

  /** Graceful shutdown: stop the source, flush the last batch, close the database. */
  async stop(): Promise<void> {
    this.timers.clear();
    // After the source changes asked for before this; none asked for later may start.
    await this.serially(async () => {
      this.stopping = true;
      await this.source?.stop();
    });
    // Flush first, so the bus consumer's cursor and the publisher's outbox ride in the last batch.
    this.ingestor.flush();
    this.source?.dispose?.();
    await this.stopPublisher();
    // Never throws: a store that still fails drops what it holds (counted) rather than hang.
    await this.data.close();
    this.barPushes.flush();
    this.barPushes.dispose();
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
      bus: this.busStatus(),
      store: storeHealthStatus(this.ingestor.health()),
      unfilledGaps: this.unfilledGaps(),
    };
  }

  /** The status bar's view of `tickscope gaps`: a count and the gap found last. */
  private unfilledGaps(): NonNullable<EngineStatus['unfilledGaps']> {
    const gaps = this.store.listUnfilledGaps();
    const g = gaps[gaps.length - 1];
    return {
      count: gaps.length,
      latest: g
        ? { symbol: g.symbol, from: g.fromTs, to: g.toTs, firstMissingId: g.fromId, lastMissingId: g.toId }
        : null,
    };
  }

  private busStatus(): EngineStatus['bus'] {
    const consumer = this.source?.busStatus?.();
    if (consumer) return consumer;
    if (!this.publisher) return null;
    const p = this.publisher.busStatus();
    return this.publisherError ? { ...p, state: 'error', lastError: this.publisherError } : p;
  }

  /**
   * The bar series each connected client has loaded (market.getBars, getBarOverview), by
   * client (CallContext.client). Only those are pushed: every batch changes bars of all nine
   * timeframes, and a dashboard shows two or three of them. A client's entry goes with it.
   */
  private readonly barInterest = new Map<string, Set<string>>();

  /** Whether some connected client loaded this series. */
  private barsWanted(key: string): boolean {
    for (const series of this.barInterest.values()) if (series.has(key)) return true;
    return false;
  }

  private publishBars(bars: Bar[]): void {
    const byTopic = new Map<string, Bar[]>();
    for (const b of bars) {
      const key = `${b.symbol}|${b.tf}`;
      if (!this.barsWanted(key)) continue;
      const list = byTopic.get(key) ?? [];
      list.push(b);
      byTopic.set(key, list);
    }
    for (const [key, list] of byTopic) {
      list.sort((a, b) => a.ts - b.ts);
      this.barPushes.push(key, { symbol: list[0].symbol, tf: list[0].tf, bars: list });
    }
  }

  /** A client loaded this series: its bars are pushed from now on, while it is connected (publishBars). */
  private noteBarInterest(q: BarQuery, call: CallContext | undefined): void {
    const client = call?.client ?? LOCAL_CLIENT;
    let series = this.barInterest.get(client);
    if (!series) this.barInterest.set(client, (series = new Set()));
    series.add(`${q.symbol}|${q.tf}`);
  }

  /** The big reads, answered by the read workers of the database in use when there are some (readWorkers). */
  private preparedHandlers(): PreparedHandlers {
    if (!this.data.readPool) return {};
    const pool = () => this.data.readPool!;
    return {
      'market.getBars': (q, call) => {
        this.noteBarInterest(q, call);
        return pool().run('market.getBars', q, call.signal);
      },
      'market.getBarOverview': (q, call) => {
        this.noteBarInterest(q, call);
        return pool().run('market.getBarOverview', q, call.signal);
      },
    };
  }

  private handlers(): RequestHandlers {
    return {
      'system.ping': () => ({ now: Date.now() }),
      'system.getStatus': () => this.status(),
      'system.setSource': async (setting) => {
        const checked = setting.kind === 'replay' ? this.grantedReplay(setting) : setting;
        this.notice = null;
        await this.setSource(checked);
        return this.status();
      },
      'system.listReplayFiles': () => ({ files: [...this.replayGrants], canPick: this.replayPicker !== null }),
      'system.pickReplayFiles': async () => {
        if (!this.replayPicker) {
          throw new ApiFailure(
            'bad_request',
            'there is no file dialog in a browser: name replay files on the command line (tickscope serve --source replay FILE…)',
          );
        }
        return { files: this.grantReplayFiles(await this.replayPicker()) };
      },
      'market.listExchangeSymbols': () => this.listExchangeSymbols(),
      'market.listSymbols': () => ({ symbols: this.store.listSymbols() }),
      'market.getBars': (q, call?: CallContext) => {
        this.noteBarInterest(q, call);
        return { bars: this.store.getBars(q) };
      },
      'market.getBarOverview': (q, call?: CallContext) => {
        this.noteBarInterest(q, call);
        return this.store.getBarOverview(q);
      },
      'export.run': (req) => {
        if (!this.exportTarget)
          throw new ApiFailure('bad_request', 'this engine has no export target (no window or browser to save to)');
        const job = createExportJob(
          ownReadConnection(this.store, this.opts.nativeBinding),
          req,
          `export-${Date.now()}-${++this.exportSeq}`,
        );
        return this.exportTarget.deliver(job, (rows, done, error, path) =>
          this.hub.emit('export.onDidProgress', {
            id: job.id,
            rows,
            done,
            ...(error ? { error } : {}),
            ...(path ? { path } : {}),
          }),
        );
      },
      // Through getters: the demo swaps the services with the database.
      ...forwardTo(() => this.data.analytics?.handlers),
      ...forwardTo(() => this.data.alerts?.handlers),
      ...forwardTo(() => this.data.backtests?.handlers),
      ...forwardTo(() => this.scans.handlers),
      ...forwardTo(() => this.data.watchlist?.handlers),
    };
  }
}

function storeHealthStatus(h: StoreHealth): StoreHealthStatus {
  return {
    state: h.writeError === null ? 'ok' : 'write-failed',
    error: h.writeError,
    pendingTicks: h.pendingTicks,
    droppedTicks: h.droppedTicks,
  };
}

/**
 * Handlers that call whichever service is current when the request arrives. A service the
 * engine runs without (EngineOptions.services) contributes none: the dispatcher answers
 * its channels as not served.
 */
function forwardTo<H extends Partial<RequestHandlers>>(current: () => H | undefined): H {
  type Handler = (arg: unknown) => unknown;
  const out: Record<string, Handler> = {};
  for (const channel of Object.keys(current() ?? {}))
    out[channel] = (arg) => (current() as Record<string, Handler>)[channel](arg);
  return out as H;
}

/** Runs `fn` every `ms` until disposed. */
function every(ms: number, fn: () => void): Disposable {
  const handle = setInterval(fn, ms);
  return toDisposable(() => clearInterval(handle));
}

/** A service of the engine, or a clear refusal when it runs without it. */
function running<T>(service: T | null, name: keyof EngineServices): T {
  if (service === null)
    throw new ApiFailure('bad_request', `this engine runs without ${name} (EngineOptions.services)`);
  return service;
}

async function defaultSources(
  config: SourceConfig,
  engine: { store: SqliteTickStore; sink: Ingestor },
): Promise<TickSource | null> {
  switch (config.kind) {
    case 'none':
      return null;
    case 'demo':
      return new DemoFeed({ sink: engine.sink, seed: config.seed, historyMs: config.historyMs });
    case 'live': {
      const demo = config.symbols.find(isDemoSymbol);
      if (demo) throw new ApiFailure('bad_request', demoSymbolRefusal(demo));
      const { BinanceFeed } = await import('./feed/binanceFeed');
      return new BinanceFeed({ ...config, sink: engine.sink, store: engine.store });
    }
    case 'replay': {
      const { FileReplaySource } = await import('./sources/fileReplay');
      return new FileReplaySource({ files: config.files, speed: config.speed, sink: engine.sink });
    }
    case 'nats': {
      const [{ NatsTickSource }, { parseBusUrl }] = await Promise.all([
        import('./bus/natsSource'),
        import('./bus/busUrl'),
      ]);
      return new NatsTickSource({
        address: parseBusUrl(config.url, config.env ?? {}, config.env?.TICKSCOPE_NATS_CREDS),
        symbols: config.symbols,
        startTime: config.startTime,
        db: engine.store.db,
        sink: engine.sink,
      });
    }
  }
}
