import WebSocket from 'ws';
import type { SymbolStatus, FeedState } from '../../shared/contract';
import { demoSymbolRefusal, isDemoSymbol } from '../../shared/demoSymbols';
import type { StreamKind, Tick } from '../../shared/market';
import { parseRestAggTrade, parseStreamMessage } from '../../core/binance';
import type { TickSink, TickSource } from '../ports';
import type { SqliteTickStore } from '../store/sqliteStore';
import { backoffDelay } from './backoff';
import { RestClient } from './restClient';
import { realTimers, TimerSet, type TimerFns } from './timers';

export const DEFAULT_WS_URL = 'wss://fstream.binance.com';
export const DEFAULT_REST_URL = 'https://fapi.binance.com';

/** The parts of the store the feed needs: where each symbol left off, and the gap log. */
export type FeedStore = Pick<SqliteTickStore, 'lastTick' | 'recordGap' | 'markGapFilled'>;

/** What the feed reports as it runs (logging, the CLI's stderr, tests). */
export type FeedEvent =
  | { type: 'connecting'; url: string; attempt: number }
  | { type: 'open'; url: string }
  | { type: 'closed'; code: number; reason: string; reconnectInMs: number }
  | { type: 'gap'; symbol: string; fromId: number; toId: number; fillable: boolean }
  | { type: 'gap-filled'; symbol: string; fromId: number; toId: number; ticks: number }
  | { type: 'gap-unfilled'; symbol: string; fromId: number; toId: number; reason: string }
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
  readonly timers?: TimerFns;
  readonly fetchImpl?: typeof fetch;
  /** Check symbols against /fapi/v1/exchangeInfo (status TRADING) first. Default true. */
  readonly validateSymbols?: boolean;
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
  /** Start-up: the first live id decides how much to refill from the store's last id. */
  fromStore: boolean;
}

interface RefillTask {
  fromId: number;
  toId: number;
  gapId: number | null;
  /** Trade time of the last stored tick before the gap (bounds start-up refill). */
  afterTs: number | null;
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
  private lastFrameAt = 0;
  private controlQueue: { method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; params: string[] }[] = [];
  private controlTimer: unknown = null;
  private lastControlAt = -Infinity;
  private nextRequestId = 1;
  private tradingSymbols: Set<string> | null = null;
  private connectionCount = 0;

  constructor(private readonly opts: BinanceFeedOptions) {
    this.stream = opts.stream ?? 'aggTrade';
    this.wsUrl = (opts.wsUrl ?? DEFAULT_WS_URL).replace(/\/+$/, '');
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.timers = new TimerSet(opts.timers ?? realTimers);
    this.rest = new RestClient({
      baseUrl: opts.restUrl ?? DEFAULT_REST_URL,
      timers: this.timers,
      now: this.now,
      isStopped: () => this.stopped,
      fetchImpl: opts.fetchImpl,
      retryBaseMs: opts.restRetryBaseMs,
      onEvent: (e) => this.emit({ type: 'rest', detail: `${e.type}${e.status ? ` ${e.status}` : ''}, waiting ${e.waitMs} ms: ${e.url}` }),
    });
    for (const s of opts.symbols) this.addState(s.toUpperCase());
  }

  /** Number of WebSocket connections opened so far (reconnects included). */
  get connections(): number {
    return this.connectionCount;
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.opts.validateSymbols ?? true) await this.validate([...this.symbols.keys()]);
    this.connect();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.cancelAll();
    this.reconnectTimer = this.lifetimeTimer = this.controlTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    }
    for (const s of this.symbols.values()) s.state = 'stopped';
    // Let refill loops notice `stopped` and unwind.
    await Promise.resolve();
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
  }

  async removeSymbol(symbol: string): Promise<void> {
    const sym = symbol.toUpperCase();
    if (!this.symbols.delete(sym)) return;
    this.symbolSet.delete(sym);
    this.queueControl('UNSUBSCRIBE', [this.streamName(sym)]);
  }

  /** True when no refill is queued or running for any symbol. */
  get idle(): boolean {
    for (const s of this.symbols.values()) if (s.refilling || s.refills.length > 0) return false;
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
    if (this.stopped) return;
    const url = this.url();
    this.emit({ type: 'connecting', url, attempt: this.attempt });
    for (const s of this.symbols.values()) if (s.state !== 'backfilling') s.state = this.connectionCount === 0 ? 'connecting' : 'reconnecting';
    const ws = new WebSocket(url, { handshakeTimeout: 15_000 });
    this.ws = ws;
    this.connectionCount++;
    // Pending control messages referred to the old connection's subscriptions; the URL
    // of this one already lists every current symbol.
    this.controlQueue = [];
    ws.on('open', () => {
      if (this.ws !== ws) return;
      this.attempt = 0;
      this.emit({ type: 'open', url });
      for (const s of this.symbols.values()) if (s.state !== 'backfilling') s.state = 'live';
      this.lifetimeTimer = this.timers.after(this.opts.maxConnectionMs ?? 23.5 * 3_600_000, () => this.recycle('connection lifetime'));
      this.lastFrameAt = this.now();
      this.watchSilence(ws);
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
      this.emit({ type: 'error', message: `websocket: ${err.message}` });
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.timers.cancel(this.lifetimeTimer);
      this.timers.cancel(this.silenceTimer);
      if (this.stopped) return;
      const delay = backoffDelay(this.attempt++, this.opts.reconnectBaseMs ?? 500, this.opts.reconnectMaxMs ?? 30_000, this.random);
      this.emit({ type: 'closed', code, reason: reason.toString(), reconnectInMs: delay });
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

  /** Replaces the connection now (lifetime reached); the refill covers the switch-over. */
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
    if (s.lastId !== null && id > s.lastId + 1) this.onGap(s, s.lastId + 1, id - 1);
    s.lastId = id;
    s.lastIdTs = t.ts;
    s.fromStore = false;
    if (s.lastTickTs === null || t.ts > s.lastTickTs) s.lastTickTs = t.ts;
    s.pushed++;
    this.opts.sink.push([t]);
  }

  // ---- gaps -------------------------------------------------------------------------

  private onGap(s: SymbolState, fromId: number, toId: number): void {
    s.gapsFound++;
    const fillable = this.stream === 'aggTrade';
    const reason = fillable ? 'id jump in live stream' : 'trade stream: no public REST by trade id (historicalTrades needs an API key)';
    const gapId = this.opts.store?.recordGap({ symbol: s.symbol, fromId, toId, detectedAt: this.now(), reason }) ?? null;
    this.emit({ type: 'gap', symbol: s.symbol, fromId, toId, fillable });
    if (!fillable) {
      this.emit({ type: 'gap-unfilled', symbol: s.symbol, fromId, toId, reason });
      return;
    }
    s.refills.push({ fromId, toId, gapId, afterTs: s.fromStore ? s.lastIdTs : null });
    if (!s.refilling) void this.runRefills(s);
  }

  private async runRefills(s: SymbolState): Promise<void> {
    s.refilling = true;
    s.state = 'backfilling';
    try {
      while (!this.stopped && s.refills.length > 0) {
        const task = s.refills.shift()!;
        try {
          await this.refill(s, task);
        } catch (err) {
          if (this.stopped) return;
          const reason = (err as Error).message;
          this.emit({ type: 'gap-unfilled', symbol: s.symbol, fromId: task.fromId, toId: task.toId, reason });
        }
      }
    } finally {
      s.refilling = false;
      if (!this.stopped && s.state === 'backfilling') s.state = this.ws?.readyState === WebSocket.OPEN ? 'live' : 'reconnecting';
    }
  }

  private async refill(s: SymbolState, task: RefillTask): Promise<void> {
    let next = task.fromId;
    const maxBackfillMs = this.opts.maxBackfillMs ?? 24 * 3_600_000;
    if (task.afterTs !== null && this.now() - task.afterTs > maxBackfillMs) {
      // The store's last trade is older than we are willing to fetch: start at the first
      // trade inside the window and log the older part as a gap that stays open.
      const startTime = this.now() - maxBackfillMs;
      const rows = await this.rest.getJson(
        `/fapi/v1/aggTrades?symbol=${s.symbol}&startTime=${startTime}&endTime=${startTime + 3_599_999}&limit=1`,
      );
      const first = Array.isArray(rows) && rows.length > 0 ? parseRestAggTrade(rows[0], s.symbol) : null;
      const startId = first?.kind === 'tick' ? Math.min(first.tick.tradeId, task.toId + 1) : task.toId + 1;
      if (startId > next) {
        const reason = `older than the ${Math.round(maxBackfillMs / 3_600_000)} h backfill limit`;
        this.opts.store?.recordGap({ symbol: s.symbol, fromId: next, toId: startId - 1, detectedAt: this.now(), reason });
        this.emit({ type: 'gap-unfilled', symbol: s.symbol, fromId: next, toId: startId - 1, reason });
        next = startId;
      }
    }
    let got = 0;
    while (next <= task.toId) {
      if (this.stopped) return;
      const limit = Math.min(1000, task.toId - next + 1);
      const rows = await this.rest.getJson(`/fapi/v1/aggTrades?symbol=${s.symbol}&fromId=${next}&limit=${limit}`);
      if (!Array.isArray(rows)) throw new Error(`aggTrades for ${s.symbol} did not return a list`);
      if (rows.length === 0) throw new Error(`aggTrades for ${s.symbol} returned nothing from id ${next}`);
      const ticks: Tick[] = [];
      let maxId = next - 1;
      for (const row of rows) {
        const r = parseRestAggTrade(row, s.symbol);
        if (r.kind !== 'tick') {
          s.rejects++;
          this.opts.sink.reject(s.symbol, r.kind === 'reject' ? `REST: ${r.reason}` : 'REST: not a trade');
          continue;
        }
        const id = r.tick.tradeId;
        if (id > maxId) maxId = id;
        if (id >= next && id <= task.toId) ticks.push(r.tick);
      }
      if (this.stopped) return;
      if (ticks.length > 0) {
        s.pushed += ticks.length;
        this.opts.sink.push(ticks);
        got += ticks.length;
      }
      if (maxId < next) throw new Error(`aggTrades for ${s.symbol} made no progress at id ${next}`);
      next = maxId + 1;
    }
    s.gapsFilled++;
    if (task.gapId !== null) this.opts.store?.markGapFilled(task.gapId, this.now());
    this.emit({ type: 'gap-filled', symbol: s.symbol, fromId: task.fromId, toId: task.toId, ticks: got });
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
      fromStore: last !== null,
    });
    this.symbolSet.add(sym);
  }

  private async validate(symbols: string[]): Promise<void> {
    if (!this.tradingSymbols) {
      // Two tries, not eight: at start-up an unreachable Binance must be reported in seconds
      // (the app then offers demo, replay or import), not after two minutes of backoff.
      const info = (await this.rest.getJson('/fapi/v1/exchangeInfo', { maxAttempts: 2 })) as { symbols?: { symbol: string; status: string }[] };
      if (!info || !Array.isArray(info.symbols)) throw new Error('exchangeInfo: unexpected answer (no symbols list)');
      this.tradingSymbols = new Set(info.symbols.filter((x) => x.status === 'TRADING').map((x) => x.symbol));
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
