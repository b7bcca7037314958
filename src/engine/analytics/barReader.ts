import { gapSpanOf, type GapSpan } from '../../core/analytics/breaks';
import type { Bar, Timeframe } from '../../shared/market';
import type { BarQuery } from '../ports';
import type { SqliteTickStore, UnfilledGap } from '../store/sqliteStore';

/** The only store access analytics needs; lets tests and the CLI pass any store. */
export interface BarReader {
  getBars(query: BarQuery): Bar[];
  /** Unfilled gaps (breaks no window may span); a reader without it knows of none. */
  listUnfilledGaps?(symbol?: string): UnfilledGap[];
}

/** The unfilled gaps of a pair's legs as trade-time spans (breaks.ts). */
export function pairGaps(reader: BarReader, symbols: readonly string[]): GapSpan[] {
  if (!reader.listUnfilledGaps) return [];
  return symbols.flatMap((s) => reader.listUnfilledGaps!(s).map(gapSpanOf));
}

/** The last `count` bars of one leg with ts ≤ to (ascending), or all of them. */
export function legBars(reader: BarReader, symbol: string, tf: Timeframe, to?: number, count?: number): Bar[] {
  return reader.getBars({ symbol, tf, to, limit: count });
}

/**
 * A reader over a read-only connection that reopens it when it meets a symbol it does not
 * know: the store caches symbol ids at open time, so a symbol the writer (main process)
 * inserted later would otherwise read as empty forever.
 */
export function reopeningReader(open: () => SqliteTickStore): BarReader & { close(): void } {
  let store = open();
  let known = new Set(store.listSymbols());
  return {
    getBars(q) {
      if (!known.has(q.symbol)) {
        const names = store.listSymbols();
        if (names.includes(q.symbol)) {
          store.close();
          store = open();
        }
        known = new Set(store.listSymbols());
      }
      return store.getBars(q);
    },
    listUnfilledGaps: (symbol) => store.listUnfilledGaps(symbol),
    close: () => store.close(),
  };
}
