import { TIMEFRAMES, type Bar, type Tick, type Timeframe } from '../../shared/market';
import { BarBuilder, sortBars } from '../../core/bars/barBuilder';
import { toBar } from '../../core/bars/barState';
import { realTimers, RunOnceScheduler, type Timers } from '../lifecycle';
import type { GapEvent, TickSink } from '../ports';
import type { SqliteTickStore } from '../store/sqliteStore';

/** Per-symbol counts kept by the pipeline. */
export interface IngestSymbolStats {
  symbol: string;
  /** Ticks handed to push(). */
  received: number;
  /** Ticks that were new and stored. */
  stored: number;
  /** Ticks already in the store (replays, refill overlap). */
  duplicates: number;
  rejects: number;
  lastTickTs: number | null;
}

export interface IngestStats {
  symbols: IngestSymbolStats[];
  rejectReasons: Record<string, number>;
  batches: number;
}

export interface IngestorOptions {
  readonly store: SqliteTickStore;
  readonly timeframes?: readonly Timeframe[];
  /** Called after each committed batch with the bars it changed (forming bar included). */
  readonly onBars?: (changed: Bar[]) => void;
  /** Called after each committed batch. */
  readonly onStats?: (stats: IngestStats) => void;
  /** Longest a tick waits in the buffer before it is stored (default 100 ms). */
  readonly flushMs?: number;
  /** Buffer size that forces an immediate flush (default 5000). */
  readonly maxBatch?: number;
  /** The batch and retry timer (src/engine/lifecycle; tests drive time). */
  readonly timers?: Timers;
  /** The older spelling of `timers`, kept for callers not yet moved (both halves given). */
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /**
   * Called when a batch fails to store (disk full, read-only file). With it the ingestor
   * keeps the batch and retries every `retryMs` instead of on every push, holds at most
   * `maxPending` ticks meanwhile (the oldest go first, counted), and close() never throws.
   * Without it the failure is thrown to the caller (import: the command fails).
   */
  readonly onError?: (err: unknown) => void;
  /** Called when a write succeeds again after onError. */
  readonly onRecovered?: () => void;
  /** How long a failing store rests between attempts (default 1000 ms). */
  readonly retryMs?: number;
  /** Most ticks held while the store fails (default 100,000). */
  readonly maxPending?: number;
}

/** Whether the store takes the writes. */
export interface StoreHealth {
  /** The last write's error while writes fail; null when the last write succeeded. */
  writeError: string | null;
  /** Ticks waiting to be stored. */
  pendingTicks: number;
  /** Ticks given up while the store failed: the oldest beyond maxPending, and those still held at close. */
  droppedTicks: number;
}

export interface Ingestor extends TickSink {
  /** Logs a gap event in the store's gap log, with the trades pushed before it. */
  gap(event: GapEvent): void;
  /** Stores everything buffered now; returns the number of ticks that were new. */
  flush(): number;
  /** Flushes and stops the timer; later pushes throw. */
  close(): void;
  stats(): IngestStats;
  /** Stored-tick count of one symbol (what the feed reports as ticksStored). */
  storedCount(symbol: string): number;
  health(): StoreHealth;
  readonly builder: BarBuilder;
  /**
   * Runs `hook` inside every batch's transaction with the ticks that were new, so what it
   * writes (the tick bus's outbox or consumer cursor) commits or rolls back with them.
   * Returns the function that removes it.
   */
  addCommitHook(hook: CommitHook): () => void;
}

export type CommitHook = (inserted: readonly Tick[]) => void;

/**
 * The write path: buffer ticks, store each batch in one transaction, fold only the newly
 * inserted ticks into bars, upsert the changed bars in the same transaction, and only then
 * publish them, so a listener never sees a bar the database does not hold.
 */
export function createIngestor(opts: IngestorOptions): Ingestor {
  const { store } = opts;
  const flushMs = opts.flushMs ?? 100;
  const maxBatch = opts.maxBatch ?? 5000;
  const retryMs = opts.retryMs ?? 1000;
  const maxPending = opts.maxPending ?? 100_000;
  const timers: Timers =
    opts.timers ??
    (opts.setTimer && opts.clearTimer ? { setTimeout: opts.setTimer, clearTimeout: opts.clearTimer } : realTimers);
  const builder = new BarBuilder({
    timeframes: opts.timeframes ?? TIMEFRAMES,
    load: (symbol, tf, ts) => store.loadBarState(symbol, tf, ts),
  });
  const perSymbol = new Map<string, IngestSymbolStats>();
  const rejectReasons: Record<string, number> = {};
  let batches = 0;
  let buffer: Tick[] = [];
  /** The next timed flush: the batch's wait, or the retry of a failed write. */
  const next = new RunOnceScheduler(() => timedFlush(), flushMs, timers);
  let closed = false;
  const commitHooks = new Set<CommitHook>();
  let writeError: string | null = null;
  let droppedTicks = 0;
  /** Gap events not yet in the store: they commit with the next batch, after its trades. */
  let gaps: GapEvent[] = [];
  /** Gap-log rows of gaps found in this run, by symbol|fromId|toId, until they are filled. */
  const gapRows = new Map<string, number>();

  const logGap = (e: GapEvent): void => {
    const key = `${e.symbol}|${e.fromId}|${e.toId}`;
    if (e.type === 'filled') {
      const id = gapRows.get(key);
      if (id === undefined) return;
      store.markGapFilled(id, e.at);
      gapRows.delete(key);
      return;
    }
    const id = store.recordGap({
      symbol: e.symbol,
      fromId: e.fromId,
      toId: e.toId,
      detectedAt: e.at,
      reason: e.reason,
    });
    if (e.type === 'found') gapRows.set(key, id);
  };

  const statsOf = (symbol: string): IngestSymbolStats => {
    let s = perSymbol.get(symbol);
    if (!s) {
      s = { symbol, received: 0, stored: 0, duplicates: 0, rejects: 0, lastTickTs: null };
      perSymbol.set(symbol, s);
    }
    return s;
  };

  const snapshot = (): IngestStats => ({
    symbols: [...perSymbol.values()].map((s) => ({ ...s })),
    rejectReasons: { ...rejectReasons },
    batches,
  });

  const flush = (): number => {
    next.cancel();
    if (buffer.length === 0 && gaps.length === 0) return 0;
    const batch = buffer;
    const batchGaps = gaps;
    buffer = [];
    gaps = [];
    let inserted: Tick[];
    let changed: Bar[];
    // A rolled-back transaction takes its gap rows with it: so does the map of them.
    const rowsBefore = batchGaps.length > 0 ? new Map(gapRows) : null;
    try {
      ({ inserted, changed } = store.transaction(() => {
        if (batch.length === 0) {
          for (const g of batchGaps) logGap(g);
          return { inserted: [], changed: [] };
        }
        const r = store.insertNewTicks(batch);
        const states = builder.applyStates(r.inserted);
        store.upsertBarStates(states);
        for (const hook of commitHooks) hook(r.inserted);
        for (const g of batchGaps) logGap(g);
        return { inserted: r.inserted, changed: states.map(toBar) };
      }));
    } catch (err) {
      // The transaction rolled back; the builder may hold bars the store does not, so forget
      // them (they reload from the store) and keep the batch for the next attempt.
      builder.reset();
      buffer = batch.concat(buffer);
      gaps = batchGaps.concat(gaps);
      if (rowsBefore) {
        gapRows.clear();
        for (const [k, v] of rowsBefore) gapRows.set(k, v);
      }
      writeError = err instanceof Error ? err.message : String(err);
      if (!opts.onError) throw err;
      if (buffer.length > maxPending) {
        droppedTicks += buffer.length - maxPending;
        buffer = buffer.slice(buffer.length - maxPending);
      }
      if (!closed && !next.isScheduled) next.schedule(retryMs);
      opts.onError(err);
      return 0;
    }
    if (writeError !== null) {
      writeError = null;
      opts.onRecovered?.();
    }
    if (batch.length === 0) return 0;
    batches++;
    let lastSymbol = '';
    let s: IngestSymbolStats | undefined;
    for (const t of batch) {
      if (t.symbol !== lastSymbol) {
        lastSymbol = t.symbol;
        s = statsOf(t.symbol);
      }
      s!.received++;
    }
    for (const t of inserted) {
      if (t.symbol !== lastSymbol) {
        lastSymbol = t.symbol;
        s = statsOf(t.symbol);
      }
      s!.stored++;
      if (s!.lastTickTs === null || t.ts > s!.lastTickTs) s!.lastTickTs = t.ts;
    }
    if (inserted.length !== batch.length) {
      const newCount = new Map<string, number>();
      for (const t of inserted) newCount.set(t.symbol, (newCount.get(t.symbol) ?? 0) + 1);
      const all = new Map<string, number>();
      for (const t of batch) all.set(t.symbol, (all.get(t.symbol) ?? 0) + 1);
      for (const [sym, n] of all) statsOf(sym).duplicates += n - (newCount.get(sym) ?? 0);
    }
    if (changed.length > 0 && opts.onBars) opts.onBars(sortBars(changed));
    if (opts.onStats) opts.onStats(snapshot());
    return inserted.length;
  };

  // A timer has no caller to throw to: report instead of crashing the process.
  function timedFlush(): void {
    try {
      flush();
    } catch (err) {
      if (opts.onError) opts.onError(err);
      else console.error('tickscope: storing ticks failed:', err instanceof Error ? err.message : err);
    }
  }

  return {
    builder,
    push(ticks: readonly Tick[]): void {
      if (closed) throw new Error('ingestor is closed');
      for (let i = 0; i < ticks.length; i++) buffer.push(ticks[i]!);
      // While the store fails, the retry timer is already set: retrying on every push would
      // spin on an ever larger batch.
      if (writeError !== null && opts.onError) {
        if (buffer.length > maxPending) {
          droppedTicks += buffer.length - maxPending;
          buffer = buffer.slice(buffer.length - maxPending);
        }
      } else if (buffer.length >= maxBatch) flush();
      else if (!next.isScheduled && buffer.length > 0) next.schedule();
    },
    gap(event: GapEvent): void {
      if (closed) throw new Error('ingestor is closed');
      gaps.push(event);
      // Logged at once, in one transaction with the trades pushed before it (a filled gap's
      // trades are stored when it is marked filled); while the store fails, with the retry.
      if (writeError === null || !opts.onError) flush();
    },
    reject(symbol: string | null, reason: string): void {
      rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
      if (symbol !== null) statsOf(symbol).rejects++;
    },
    flush,
    close(): void {
      if (closed) return;
      closed = true;
      try {
        flush();
      } finally {
        next.dispose();
        // A store that still fails at shutdown will not take these: say they are lost
        // rather than hang waiting for it.
        if (writeError !== null) {
          droppedTicks += buffer.length;
          buffer = [];
        }
      }
    },
    stats: snapshot,
    health: () => ({ writeError, pendingTicks: buffer.length, droppedTicks }),
    storedCount(symbol: string): number {
      return perSymbol.get(symbol)?.stored ?? 0;
    },
    addCommitHook(hook: CommitHook): () => void {
      commitHooks.add(hook);
      return () => commitHooks.delete(hook);
    },
  };
}
