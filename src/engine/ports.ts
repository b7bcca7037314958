/**
 * The seams between the engine's parts. Each is implemented in its own folder
 * (store/, ingest/, feed/, analytics/) and composed in engine.ts; tests swap any of them.
 */
import type { Bar, StreamKind, Tick, Timeframe } from '../shared/market';
import type { BusStatus, SymbolStatus } from '../shared/contract';

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

export interface BarQuery {
  symbol: string;
  tf: Timeframe;
  from?: number;
  to?: number;
  /** The most recent `limit` bars of the range (still returned ascending). */
  limit?: number;
}

export interface TickQuery {
  symbol: string;
  from?: number;
  to?: number;
}

/** SQLite-backed storage of ticks and bars (src/engine/store). */
export interface TickStore {
  readonly path: string;
  /** Idempotent on (symbol, tradeId); one transaction. */
  insertTicks(ticks: readonly Tick[]): InsertResult;
  upsertBars(bars: readonly Bar[]): void;
  getBars(query: BarQuery): Bar[];
  /** Streams ticks ascending by (ts, tradeId) without loading them all. */
  iterateTicks(query: TickQuery): IterableIterator<Tick>;
  lastTradeId(symbol: string): number | null;
  listSymbols(): string[];
  sizeBytes(): number;
  close(): void;
}

/** Something that produces ticks: the Binance feed, a replay, the demo simulation. */
export interface TickSource {
  readonly kind: 'live' | 'replay' | 'demo' | 'nats';
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): SymbolStatus[];
  /**
   * The source's clock for judging data: a replay's position in recorded time (the newest
   * trade it has played, 0 before the first). Live sources leave it out: wall-clock time.
   */
  dataTime?(): number;
  /** The tick bus's view (consumer sources only). */
  busStatus?(): BusStatus;
  /** Releases what must outlive stop() until the engine has flushed the last ticks (the
   * bus consumer's cursor rides in that flush). */
  dispose?(): void;
}

export interface TickSink {
  /** Ticks in arrival order; the sink batches, stores, builds bars. */
  push(ticks: readonly Tick[]): void;
  /** Counted rejects (malformed frames, NaN, unknown symbol, ...). */
  reject(symbol: string | null, reason: string): void;
}

export type { StreamKind };
