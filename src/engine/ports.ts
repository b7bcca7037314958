/**
 * The seams between the engine's parts: what a tick source produces into (TickSink, the
 * ingestor), what the engine starts and stops (TickSource: feed/, sources/, bus/), and
 * the store's query shapes. Composed in engine.ts.
 */
import type { Tick, Timeframe } from '../shared/market';
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

/** Something that produces ticks: the Binance feed, a replay, the demo simulation, the tick bus consumer. */
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
  /**
   * A gap in a symbol's trade ids (only sources with ids: the Binance feed). The sink that
   * writes the store logs it, in order with the trades pushed before it; a sink without a
   * gap log leaves this out.
   */
  gap?(event: GapEvent): void;
}

/**
 * What a feed learns about missing trade ids, `at` its clock: a gap it is refilling (found,
 * then filled once its trades were pushed), or one it cannot refill (logged, stays open).
 */
export type GapEvent =
  | { type: 'found' | 'unfillable'; symbol: string; fromId: number; toId: number; at: number; reason: string }
  | { type: 'filled'; symbol: string; fromId: number; toId: number; at: number };
