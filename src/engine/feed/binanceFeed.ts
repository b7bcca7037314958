import WebSocket from 'ws';
import type { SymbolStatus, FeedState } from '../../shared/contract';
import { demoSymbolRefusal, isDemoSymbol } from '../../shared/demoSymbols';
import type { StreamKind, Tick } from '../../shared/market';
import { parseRestAggTrade, parseStreamMessage } from '../../core/binance';
import type { TickSink, TickSource } from '../ports';
import type { SqliteTickStore } from '../store/sqliteStore';
import { backoffDelay } from './backoff';
import { describeNetworkError } from './networkError';
import { DEFAULT_REST_URL, RestClient } from './restClient';
import { fetchExchangeInfo, tradingSymbols } from './exchangeInfo';
import type { Timers } from '../lifecycle';
import { TimerSet } from './timers';

export const DEFAULT_WS_URL = 'wss://fstream.binance.com';
export { DEFAULT_REST_URL } from './restClient';

/**
 * The part of the store the feed reads: where each symbol left off. The feed writes nothing
 * there itself: trades and gaps go to the sink (TickSink.gap), whose writer logs them.
 */
export type FeedStore = Pick<SqliteTickStore, 'lastTick'>;

/** What the feed reports as it runs (logging, the CLI's stderr, tests). */
export type FeedEvent =
  | { type: 'connecting'; url: string; attempt: number }
  | { type: 'open'; url: string }
  | { type: 'closed'; code: number; reason: string; reconnectInMs: number }
  /** An attempt to reach Binance failed (no route, refused, 5xx): what, why, next try when. */
  | { type: 'unreachable'; via: 'rest' | 'stream'; url: string; reason: string; retryInMs: number }
  | { type: 'gap'; symbol: string; fromId: number; toId: number; fillable: boolean }
  | { type: 'gap-filled'; symbol: string; fromId: number; toId: number; ticks: number }
  | { type: 'gap-unfilled'; symbol: string; fromId: number; toId: number; reason: string }
  /** A catch-up no live id had bounded yet gave up: trades from fromId on may be missing. */
  | { type: 'catch-up-unfinished'; symbol: string; fromId: number; reason: string }
  | { type: 'rest'; detail: string }
  | { type: 'control'; message: string }
  | { type: 'error'; message: string };

export interface BinanceFeedOptions {
  readonly symbols: readonly string[];
  readonly stream?: StreamKind;
  readonly wsUrl?: string;
  readonly restUrl?: string;
  readonly sink: TickSink & { storedCount?(symbol: string): number };
  readonly store?: FeedStore;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly timers?: Timers;
  readonly fetchImpl?: typeof fetch;
  /** Check symbols against /fapi/v1/exchangeInfo (status TRADING) first. Default true. */
  readonly validateSymbols?: boolean;
  /** start() keeps asking exchangeInfo (capped backoff, an 'unreachable' event per attempt)
   * until it answers or stop() is called, instead of failing after two tries: a recorder
   * waits out an outage, the app falls back to the demo at once. Default false. */
  readonly waitForExchange?: boolean;
  /** Start-up refill reaches back at most this far (default 24 h). */
  readonly maxBackfillMs?: number;
  readonly reconnectBaseMs?: number;
  readonly reconnectMaxMs?: number;
  /** Binance closes a connection after 24 h; reconnect on our terms before that. */
  readonly maxConnectionMs?: number;
  /** A symbol with no message for this long shows as stale. */
  readonly staleMs?: number;
  /** A connection with no frame at all (data, reply or ping) for this long is dead and is
   * replaced (default 200 s: Binance pings every 3 minutes, so a live one is never this quiet). */
  readonly silenceMs?: number;
  /** After a (re)connect, how long the first live id may take to show whether anything was
   * missed before REST is asked anyway (default 2 s: an active symbol trades every 100 ms,
   * and a live id that follows on saves the request; a quiet one is caught up over REST). */
  readonly catchUpGraceMs?: number;
  /** Spacing of SUBSCRIBE/UNSUBSCRIBE messages (Binance allows 10 incoming msgs/s). */
  readonly controlIntervalMs?: number;
  readonly restRetryBaseMs?: number;
  readonly onEvent?: (e: FeedEvent) => void;
}

interface SymbolState {
  readonly symbol: string;
  state: FeedState;
  /** Highest id stored or pushed; the next live id should be lastId + 1. */
  lastId: number | null;
  lastIdTs: number | null;
  lastTickTs: number | null;
  lastMessageAt: number | null;
  second: number;
  countThisSecond: number;
  countLastSecond: number;
  pushed: number;
  gapsFound: number;
  gapsFilled: number;
  rejects: number;
  refills: RefillTask[];
  refilling: boolean;
  /** The task runRefills is working on, and the promise that ends when the queue is empty. */
  current: RefillTask | null;
  refillRun: Promise<void> | null;
  /** The catch-up started at the last (re)connect that no live id has bounded yet. */
  openCatchUp: RefillTask | null;
  /** Start-up: the first live id decides how much to refill from the store's last id. */
  fromStore: boolean;
}

interface RefillTask {
  readonly fromId: number;
  /** Last id to fetch. Infinity for a catch-up until the first live id bounds it: until
   * then it pages until REST has nothing newer. */
  toId: number;
  /** Reported to the sink as a found gap, so its refill is reported as filled. */
  logged: boolean;
  /** Trade time of the last stored tick before the gap (bounds start-up refill). */
  readonly afterTs: number | null;
  /** First id not fetched yet. */
  next: number;
  /** Handed to runRefills (a catch-up waits out the grace period first). */
  queued: boolean;
}

/**
 * Live trades from Binance USD-M futures over one combined-stream connection, with gap
 * detection by id and REST refill, so the store ends up with every trade exactly once.
 */
export class BinanceFeed implements TickSource {
  readonly kind = 'live' as const;
  readonly stream: StreamKind;
  private readonly wsUrl: string;
  private readonly rest: RestClient;
  private readonly timers: TimerSet;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly symbols = new Map<string, SymbolState>();
  private readonly symbolSet = new Set<string>();
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = true;
  private reconnectTimer: unknown = null;
  private lifetimeTimer: unknown = null;
  private silenceTimer: unknown = null;
  private catchUpTimer: unknown = null;
  private lastFrameAt = 0;
  private controlQueue: { method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; params: string[] }[] = [];
  private controlTimer: unknown = null;
  private lastControlAt = -Infinity;
  private nextRequestId = 1;
  private tradingSymbols: Set<string> | null = null;
  private connectionCount = 0;
  private openCount = 0;
  /** finish() closed the stream for good; REST work goes on until stop(). */
  private streamClosed = false;
  /** Refills and catch-ups that gave up (finish() reports whether any did meanwhile). */
  private refillFailures = 0;

  constructor(private readonly opts: BinanceFeedOptions) {
    this.stream = opts.stream ?? 'aggTrade';
    this.wsUrl = (opts.wsUrl ?? DEFAULT_WS_URL).replace(/\/+$/, '');
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.timers = new TimerSet(opts.timers);
    this.rest = new RestClient({
      baseUrl: opts.restUrl ?? DEFAULT_REST_URL,
      timers: this.timers,
      now: this.now,
      isStopped: () => this.stopped,
      fetchImpl: opts.fetchImpl,
      random: this.random,
      retryBaseMs: opts.restRetryBaseMs,
      onEvent: (e) =>
        this.emit(
          e.type === 'retry'
            ? { type: 'unreachable', via: 'rest', url: e.url, reason: e.reason ?? 'no answer', retryInMs: e.waitMs }
            : { type: 'rest', detail: `${e.type}${e.status ? ` ${e.status}` : ''}, waiting ${e.waitMs} ms: ${e.url}` },
        ),
    });
    for (const s of opts.symbols) this.addState(s.toUpperCase());
  }

  /** Number of WebSocket connections attempted so far (reconnects included). */
  get connections(): number {
    return this.connectionCount;
  }

  /** Number of WebSocket connections that opened (0: the stream was never reached). */
  get opened(): number {
    return this.openCount;
  }

  /** Resolves once connecting; with `waitForExchange`, also when stop() ends the wait. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.streamClosed = false;
    if (this.opts.validateSymbols ?? true) {
      try {
        await this.validate([...this.symbols.keys()], this.opts.waitForExchange ?? false);
      } catch (err) {
        if (this.stopped) return;
        throw err;
      }
    }
    this.connect();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.closeStream();
    this.timers.cancelAll();
    this.rest.cancelAll();
    for (const s of this.symbols.values()) s.state = 'stopped';
    // Let refill loops notice `stopped` and unwind.
    await Promise.resolve();
  }

  /**
   * The end of a recording: closes the stream for good, fetches over REST whatever was
   * published since each symbol's last id (a disconnect just before the end leaves trades
   * no live id will ever reveal), gives queued refills the same time, then stops.
   * `complete` is false when some of that could not be done within `catchUpMs`; each such
   * symbol was reported ('gap-unfilled' or 'catch-up-unfinished').
   */
  async finish(opts: { catchUpMs: number }): Promise<{ complete: boolean }> {
    if (this.stopped) return { complete: true };
    const failuresBefore = this.refillFailures;
    this.closeStream();
    for (const s of this.symbols.values()) {
      this.startCatchUp(s);
      if (s.openCatchUp && !s.openCatchUp.queued) this.queueRefill(s, s.openCatchUp);
    }
    const running = [...this.symbols.values()].filter((s) => s.refilling && s.refillRun).map((s) => s.refillRun!);
    let deadline: unknown = null;
    await Promise.race([
      Promise.all(running),
      new Promise<void>((resolve) => (deadline = this.timers.after(opts.catchUpMs, resolve))),
    ]);
    this.timers.cancel(deadline);
    for (const s of this.symbols.values()) {
      const left = [...(s.current ? [s.current] : []), ...s.refills];
      s.refills = [];
      for (const task of left)
        this.onRefillFailed(s, task, `not done within ${Math.round(opts.catchUpMs / 100) / 10} s`);
    }
    const complete = this.refillFailures === failuresBefore;
    await this.stop();
    return { complete };
  }

  status(): SymbolStatus[] {
    const now = this.now();
    const staleMs = this.opts.staleMs ?? 60_000;
    return [...this.symbols.values()].map((s) => {
      this.rollSecond(s, now);
      let state = s.state;
      if (state === 'live' && (s.lastMessageAt === null ? false : now - s.lastMessageAt > staleMs)) state = 'stale';
      return {
        symbol: s.symbol,
        state,
        // after rollSecond, countLastSecond is the last complete second's count
        messagesPerSec: s.countLastSecond,
        ticksStored: this.opts.sink.storedCount?.(s.symbol) ?? s.pushed,
        lastTickTs: s.lastTickTs,
        gapsFound: s.gapsFound,
        gapsFilled: s.gapsFilled,
        rejects: s.rejects,
      };
    });
  }

  /** Subscribes a symbol on the open connection (validated first). */
  async addSymbol(symbol: string): Promise<void> {
    const sym = symbol.toUpperCase();
    if (isDemoSymbol(sym)) throw new Error(demoSymbolRefusal(sym));
    if (this.symbols.has(sym)) return;
    if (this.opts.validateSymbols ?? true) await this.validate([sym]);
    this.addState(sym);
    this.queueControl('SUBSCRIBE', [this.streamName(sym)]);
    // On a connection that is already open, catch up like after a connect; otherwise the
    // next open does.
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.startCatchUp(this.symbols.get(sym)!);
      this.armCatchUps();
    }
  }

  async removeSymbol(symbol: string): Promise<void> {
    const sym = symbol.toUpperCase();
    if (!this.symbols.delete(sym)) return;
    this.symbolSet.delete(sym);
    this.queueControl('UNSUBSCRIBE', [this.streamName(sym)]);
  }

  /** True when no refill is queued or running for any symbol. */
  get idle(): boolean {
    for (const s of this.symbols.values()) if (s.refilling || s.refills.length > 0 || s.openCatchUp) return false;
    return true;
  }

  // ---- connection -------------------------------------------------------------------

  private route(): string {
    // Since 2026-04 Binance routes aggTrade under /market and high-frequency data
    // (where the undocumented futures @trade stream lives) under /public.
    return this.stream === 'aggTrade' ? 'market' : 'public';
  }

  private streamName(symbol: string): string {
    return `${symbol.toLowerCase()}@${this.stream}`;
  }

  private url(): string {
    const streams = [...this.symbols.keys()].map((s) => this.streamName(s)).join('/');
    return `${this.wsUrl}/${this.route()}/stream${streams ? `?streams=${streams}` : ''}`;
  }

  private connect(): void {
    if (this.stopped || this.streamClosed) return;
    const url = this.url();
    this.emit({ type: 'connecting', url, attempt: this.attempt });
    for (const s of this.symbols.values())
      if (s.state !== 'backfilling') s.state = this.connectionCount === 0 ? 'connecting' : 'reconnecting';
    const ws = new WebSocket(url, { handshakeTimeout: 15_000 });
    this.ws = ws;
    this.connectionCount++;
    // Pending control messages referred to the old connection's subscriptions; the URL
    // of this one already lists every current symbol.
    this.controlQueue = [];
    let opened = false;
    let failure: string | null = null;
    ws.on('open', () => {
      if (this.ws !== ws) return;
      opened = true;
      this.openCount++;
      this.attempt = 0;
      this.emit({ type: 'open', url });
      for (const s of this.symbols.values()) if (s.state !== 'backfilling') s.state = 'live';
      this.lifetimeTimer = this.timers.after(this.opts.maxConnectionMs ?? 23.5 * 3_600_000, () =>
        this.recycle('connection lifetime'),
      );
      this.lastFrameAt = this.now();
      this.watchSilence(ws);
      for (const s of this.symbols.values()) this.startCatchUp(s);
      this.armCatchUps();
    });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (this.ws !== ws) return;
      this.lastFrameAt = this.now();
      if (!isBinary) this.onMessage(data.toString());
    });
    ws.on('ping', () => {
      if (this.ws === ws) this.lastFrameAt = this.now();
    });
    // ws answers the server's pings with pongs by itself (autoPong), which keeps Binance
    // from closing the connection after 10 minutes.
    ws.on('error', (err) => {
      failure = describeNetworkError(err);
      this.emit({ type: 'error', message: `websocket: ${err.message}` });
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.timers.cancel(this.lifetimeTimer);
      this.timers.cancel(this.silenceTimer);
      if (this.stopped) return;
      const delay = backoffDelay(
        this.attempt++,
        this.opts.reconnectBaseMs ?? 500,
        this.opts.reconnectMaxMs ?? 30_000,
        this.random,
      );
      if (opened) this.emit({ type: 'closed', code, reason: reason.toString(), reconnectInMs: delay });
      else
        this.emit({ type: 'unreachable', via: 'stream', url, reason: failure ?? `closed (${code})`, retryInMs: delay });
      for (const s of this.symbols.values()) if (s.state !== 'backfilling') s.state = 'reconnecting';
      this.reconnectTimer = this.timers.after(delay, () => this.connect());
    });
  }

  /**
   * A half-open TCP connection shows nothing: no close, no error, no data. Check a few times
   * per silence period and replace a connection that has gone quiet; the id-gap refill then
   * recovers whatever was published meanwhile.
   */
  private watchSilence(ws: WebSocket): void {
    const silenceMs = this.opts.silenceMs ?? 200_000;
    this.timers.cancel(this.silenceTimer);
    this.silenceTimer = this.timers.after(Math.max(10, Math.floor(silenceMs / 4)), () => {
      if (this.ws !== ws || this.stopped) return;
      const quiet = this.now() - this.lastFrameAt;
      if (quiet > silenceMs) this.recycle(`no frame or ping for ${Math.round(quiet / 1000)} s`);
      else this.watchSilence(ws);
    });
  }

  /** Ends the connection and every timer that would renew or watch it. */
  private closeStream(): void {
    this.streamClosed = true;
    for (const h of [this.reconnectTimer, this.lifetimeTimer, this.silenceTimer, this.controlTimer, this.catchUpTimer])
      this.timers.cancel(h);
    this.reconnectTimer = this.lifetimeTimer = this.silenceTimer = this.controlTimer = this.catchUpTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    }
  }

  /** Replaces the connection now (lifetime reached); the catch-up covers the switch-over. */
  private recycle(why: string): void {
    const ws = this.ws;
    if (!ws || this.stopped) return;
    this.emit({ type: 'control', message: `reconnecting: ${why}` });
    this.ws = null;
    this.timers.cancel(this.lifetimeTimer);
    this.timers.cancel(this.silenceTimer);
    ws.removeAllListeners();
    ws.on('error', () => undefined);
    ws.terminate();
    this.attempt = 0;
    this.connect();
  }

  private onMessage(text: string): void {
    const r = parseStreamMessage(text, { symbols: this.symbolSet });
    if (r.kind === 'ignored') return;
    if (r.kind === 'reject') {
      const s = r.symbol ? this.symbols.get(r.symbol) : undefined;
      if (s) s.rejects++;
      this.opts.sink.reject(r.symbol, r.reason);
      return;
    }
    const t = r.tick;
    const s = this.symbols.get(t.symbol)!;
    const now = this.now();
    this.rollSecond(s, now);
    s.countThisSecond++;
    s.lastMessageAt = now;
    if (s.state === 'stale' || s.state === 'connecting' || s.state === 'reconnecting') s.state = 'live';
    this.onLiveTick(s, t);
  }

  private onLiveTick(s: SymbolState, t: Tick): void {
    const id = t.tradeId;
    if (s.lastId !== null && id <= s.lastId) return; // overlap after a reconnect: already have it
    // The first new live id ends the catch-up's range; what is missing up to it is the very
    // gap the jump would show, and the catch-up is already fetching it.
    if (s.openCatchUp) this.boundCatchUp(s, s.openCatchUp, id);
    else if (s.lastId !== null && id > s.lastId + 1) this.onGap(s, s.lastId + 1, id - 1);
    s.lastId = id;
    s.lastIdTs = t.ts;
    s.fromStore = false;
    if (s.lastTickTs === null || t.ts > s.lastTickTs) s.lastTickTs = t.ts;
    s.pushed++;
    this.opts.sink.push([t]);
  }

  // ---- gaps -------------------------------------------------------------------------

  /** Tells the sink of a gap for the gap log; true when the sink keeps one. */
  private reportGap(
    type: 'found' | 'unfillable',
    symbol: string,
    fromId: number,
    toId: number,
    reason: string,
  ): boolean {
    if (!this.opts.sink.gap) return false;
    this.opts.sink.gap({ type, symbol, fromId, toId, at: this.now(), reason });
    return true;
  }

  private onGap(s: SymbolState, fromId: number, toId: number): void {
    s.gapsFound++;
    const fillable = this.stream === 'aggTrade';
    const reason = fillable
      ? 'id jump in live stream'
      : 'trade stream: no public REST by trade id (historicalTrades needs an API key)';
    const logged = this.reportGap(fillable ? 'found' : 'unfillable', s.symbol, fromId, toId, reason);
    this.emit({ type: 'gap', symbol: s.symbol, fromId, toId, fillable });
    if (!fillable) {
      this.emit({ type: 'gap-unfilled', symbol: s.symbol, fromId, toId, reason });
      return;
    }
    this.queueRefill(s, {
      fromId,
      toId,
      logged,
      afterTs: s.fromStore ? s.lastIdTs : null,
      next: fromId,
      queued: false,
    });
  }

  /**
   * Gaps are revealed only by a later live id, and a quiet stream (a calm symbol, the end
   * of a recording) shows none: so after every connect a catch-up from the last id we have
   * is opened. The first live id bounds it (../shared/specs/binance.md: page from
   * lastStoredId + 1 until the first id seen live), and if it follows on, nothing was
   * missed and REST is spared; if none comes within the grace period, REST is paged until
   * it has nothing newer, whether or not a live trade ever follows.
   */
  private startCatchUp(s: SymbolState): void {
    // The trade stream has no public REST by id: its gaps stay logged as unfillable.
    if (this.stream !== 'aggTrade' || s.lastId === null || s.openCatchUp) return;
    const from = s.lastId + 1;
    s.openCatchUp = {
      fromId: from,
      toId: Infinity,
      logged: false,
      afterTs: s.fromStore ? s.lastIdTs : null,
      next: from,
      queued: false,
    };
  }

  /** After the grace period, every catch-up no live id has bounded yet asks REST. */
  private armCatchUps(): void {
    this.timers.cancel(this.catchUpTimer);
    this.catchUpTimer = this.timers.after(this.opts.catchUpGraceMs ?? 2000, () => {
      this.catchUpTimer = null;
      for (const s of this.symbols.values())
        if (s.openCatchUp && !s.openCatchUp.queued) this.queueRefill(s, s.openCatchUp);
    });
  }

  private boundCatchUp(s: SymbolState, task: RefillTask, firstLiveId: number): void {
    s.openCatchUp = null;
    task.toId = firstLiveId - 1;
    if (task.toId < task.fromId) return; // nothing was missed (a queued task then ends at once)
    s.gapsFound++;
    const reason = 'published while disconnected';
    task.logged = this.reportGap('found', s.symbol, task.fromId, task.toId, reason);
    this.emit({ type: 'gap', symbol: s.symbol, fromId: task.fromId, toId: task.toId, fillable: true });
    if (!task.queued) this.queueRefill(s, task);
  }

  private queueRefill(s: SymbolState, task: RefillTask): void {
    task.queued = true;
    s.refills.push(task);
    if (!s.refilling) s.refillRun = this.runRefills(s);
  }

  private async runRefills(s: SymbolState): Promise<void> {
    s.refilling = true;
    s.state = 'backfilling';
    try {
      while (!this.stopped && s.refills.length > 0) {
        const task = s.refills.shift()!;
        s.current = task;
        try {
          await this.refill(s, task);
        } catch (err) {
          if (this.stopped) return;
          this.onRefillFailed(s, task, (err as Error).message);
        } finally {
          s.current = null;
        }
      }
    } finally {
      s.refilling = false;
      if (!this.stopped && s.state === 'backfilling')
        s.state = this.ws?.readyState === WebSocket.OPEN ? 'live' : 'reconnecting';
    }
  }

  private onRefillFailed(s: SymbolState, task: RefillTask, reason: string): void {
    if (s.openCatchUp === task) s.openCatchUp = null;
    if (task.next > task.toId) return; // bounded meanwhile to nothing left to fetch
    this.refillFailures++;
    if (task.toId === Infinity) this.emit({ type: 'catch-up-unfinished', symbol: s.symbol, fromId: task.next, reason });
    else this.emit({ type: 'gap-unfilled', symbol: s.symbol, fromId: task.next, toId: task.toId, reason });
  }

  private async refill(s: SymbolState, task: RefillTask): Promise<void> {
    const maxBackfillMs = this.opts.maxBackfillMs ?? 24 * 3_600_000;
    if (task.afterTs !== null && this.now() - task.afterTs > maxBackfillMs) {
      // The store's last trade is older than we are willing to fetch: start at the first
      // trade inside the window and log the older part as a gap that stays open.
      const startTime = this.now() - maxBackfillMs;
      const rows = await this.rest.getJson(
        `/fapi/v1/aggTrades?symbol=${s.symbol}&startTime=${startTime}&endTime=${startTime + 3_599_999}&limit=1`,
      );
      const first = Array.isArray(rows) && rows.length > 0 ? parseRestAggTrade(rows[0], s.symbol) : null;
      // No trade in the window's first hour: a bounded gap is given up; an open catch-up
      // has no end to give up to, so it fetches everything (slower, but loses nothing).
      const fallback = task.toId === Infinity ? task.next : task.toId + 1;
      const startId = first?.kind === 'tick' ? Math.min(first.tick.tradeId, task.toId + 1) : fallback;
      if (startId > task.next) {
        const reason = `older than the ${Math.round(maxBackfillMs / 3_600_000)} h backfill limit`;
        this.reportGap('unfillable', s.symbol, task.next, startId - 1, reason);
        this.emit({ type: 'gap-unfilled', symbol: s.symbol, fromId: task.next, toId: startId - 1, reason });
        task.next = startId;
      }
    }
    let got = 0;
    while (task.next <= task.toId) {
      if (this.stopped) return;
      const open = task.toId === Infinity;
      const limit = open ? 1000 : Math.min(1000, task.toId - task.next + 1);
      const rows = await this.rest.getJson(`/fapi/v1/aggTrades?symbol=${s.symbol}&fromId=${task.next}&limit=${limit}`);
      if (this.stopped) return;
      // A live id may have bounded an open catch-up while the page was on its way.
      if (task.next > task.toId) break;
      if (!Array.isArray(rows)) throw new Error(`aggTrades for ${s.symbol} did not return a list`);
      if (rows.length === 0) {
        if (task.toId === Infinity) break; // caught up: REST has nothing newer
        throw new Error(`aggTrades for ${s.symbol} returned nothing from id ${task.next}`);
      }
      const ticks: Tick[] = [];
      let maxId = task.next - 1;
      for (const row of rows) {
        const r = parseRestAggTrade(row, s.symbol);
        if (r.kind !== 'tick') {
          s.rejects++;
          this.opts.sink.reject(s.symbol, r.kind === 'reject' ? `REST: ${r.reason}` : 'REST: not a trade');
          continue;
        }
        const id = r.tick.tradeId;
        if (id > maxId) maxId = id;
        // Ids from the first live one on arrive live: taking them here would deliver them twice.
        if (id >= task.next && id <= task.toId) ticks.push(r.tick);
      }
      if (ticks.length > 0) this.pushRefilled(s, ticks);
      got += ticks.length;
      if (maxId < task.next) throw new Error(`aggTrades for ${s.symbol} made no progress at id ${task.next}`);
      task.next = maxId + 1;
      if (task.toId === Infinity && rows.length < limit) break; // a short page: REST has nothing newer
    }
    if (s.openCatchUp === task) s.openCatchUp = null;
    if (task.toId === Infinity) {
      // Caught up with no live id to bound it (a quiet stream, or the end of a recording):
      // what it fetched was a gap nobody saw; log it as found and filled.
      if (got === 0) return;
      task.toId = task.next - 1;
      s.gapsFound++;
      const reason = 'published while disconnected';
      task.logged = this.reportGap('found', s.symbol, task.fromId, task.toId, reason);
      this.emit({ type: 'gap', symbol: s.symbol, fromId: task.fromId, toId: task.toId, fillable: true });
    } else if (task.toId < task.fromId) return; // bounded to nothing: no trade was missed
    s.gapsFilled++;
    if (task.logged)
      this.opts.sink.gap?.({ type: 'filled', symbol: s.symbol, fromId: task.fromId, toId: task.toId, at: this.now() });
    this.emit({ type: 'gap-filled', symbol: s.symbol, fromId: task.fromId, toId: task.toId, ticks: got });
  }

  /** Hands REST trades to the sink; past the last id they move it on (a catch-up's trades). */
  private pushRefilled(s: SymbolState, ticks: Tick[]): void {
    for (const t of ticks) {
      if (s.lastId === null || t.tradeId > s.lastId) {
        s.lastId = t.tradeId;
        s.lastIdTs = t.ts;
        s.fromStore = false;
      }
      if (s.lastTickTs === null || t.ts > s.lastTickTs) s.lastTickTs = t.ts;
    }
    s.pushed += ticks.length;
    this.opts.sink.push(ticks);
  }

  // ---- symbols and control messages ---------------------------------------------------

  private addState(sym: string): void {
    // The demo's names are not Binance's: never subscribe to or refill them (see shared/demoSymbols).
    if (isDemoSymbol(sym)) throw new Error(demoSymbolRefusal(sym));
    const last = this.opts.store?.lastTick(sym) ?? null;
    this.symbols.set(sym, {
      symbol: sym,
      state: this.stopped ? 'idle' : 'connecting',
      lastId: last?.tradeId ?? null,
      lastIdTs: last?.ts ?? null,
      lastTickTs: last?.ts ?? null,
      lastMessageAt: null,
      second: 0,
      countThisSecond: 0,
      countLastSecond: 0,
      pushed: 0,
      gapsFound: 0,
      gapsFilled: 0,
      rejects: 0,
      refills: [],
      refilling: false,
      current: null,
      refillRun: null,
      openCatchUp: null,
      fromStore: last !== null,
    });
    this.symbolSet.add(sym);
  }

  private async validate(symbols: string[], waitForExchange = false): Promise<void> {
    if (!this.tradingSymbols) {
      // Two tries, not eight: at start-up an unreachable Binance must be reported in seconds
      // (the app then offers demo, replay or import), not after two minutes of backoff. A
      // recorder instead waits as long as it is asked to record.
      const info = await fetchExchangeInfo(this.rest, waitForExchange ? Infinity : 2);
      this.tradingSymbols = new Set(tradingSymbols(info));
    }
    const bad = symbols.filter((s) => !this.tradingSymbols!.has(s));
    if (bad.length > 0) throw new Error(`not a trading USD-M futures symbol: ${bad.join(', ')}`);
  }

  private queueControl(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', params: string[]): void {
    if (this.stopped || !this.ws) return; // the next connection's URL carries the symbol set
    this.controlQueue.push({ method, params });
    this.pumpControl();
  }

  /** Sends queued control messages no faster than one per controlIntervalMs. */
  private pumpControl(): void {
    if (this.controlTimer !== null || this.controlQueue.length === 0) return;
    const interval = this.opts.controlIntervalMs ?? 250;
    const wait = Math.max(0, this.lastControlAt + interval - this.now());
    const send = (): void => {
      this.controlTimer = null;
      const ws = this.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) {
        // Not open yet: try again shortly (the queue is dropped on reconnect).
        if (this.controlQueue.length > 0 && !this.stopped) this.controlTimer = this.timers.after(interval, send);
        return;
      }
      const msg = this.controlQueue.shift()!;
      ws.send(JSON.stringify({ method: msg.method, params: msg.params, id: this.nextRequestId++ }));
      this.lastControlAt = this.now();
      this.emit({ type: 'control', message: `${msg.method} ${msg.params.join(',')}` });
      this.pumpControl();
    };
    if (wait === 0) send();
    else this.controlTimer = this.timers.after(wait, send);
  }

  private rollSecond(s: SymbolState, now: number): void {
    const sec = Math.floor(now / 1000);
    if (sec === s.second) return;
    s.countLastSecond = sec === s.second + 1 ? s.countThisSecond : 0;
    s.countThisSecond = 0;
    s.second = sec;
  }

  private emit(e: FeedEvent): void {
    this.opts.onEvent?.(e);
  }
}
