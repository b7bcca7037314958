import type { Statement } from 'better-sqlite3';
import type { Bar, Timeframe } from '../../shared/market';
import type { SqliteTickStore } from './sqliteStore';

/** What writing a batch of kline bars did. */
export interface KlineWriteCounts {
  /** Intervals that had no bar yet. */
  newBars: number;
  /** Kline bars stored before (a re-import or re-fetch), replaced by the new values. */
  updatedBars: number;
  /** Intervals that already hold a bar built from trades, left as they are: trades win. */
  tradeBarsKept: number;
}

/**
 * Stores bars taken from exchange klines (source = 1, migration 2) beside the bars built
 * from trades: a kline never replaces a trade bar, and a later trade replaces a kline bar
 * (the bar builder ignores kline bars when it loads a bar's state). Reads (getBars, exports,
 * overviews) see both kinds in one table.
 */
export function createKlineBarWriter(store: SqliteTickStore): {
  /** One transaction; bars of one symbol and timeframe or many. */
  write(bars: readonly Bar[]): KlineWriteCounts;
  /** Start of the newest kline bar of a symbol and timeframe, or null (where a fetch resumes). */
  lastKlineStart(symbol: string, tf: Timeframe): number | null;
} {
  const { db } = store;
  let sourceOf: Statement | null = null;
  let upsert: Statement | null = null;
  let last: Statement | null = null;
  return {
    write(bars) {
      sourceOf ??= db.prepare('SELECT source FROM bars WHERE sym = ? AND tf = ? AND ts = ?').pluck();
      upsert ??= db.prepare(`
        INSERT INTO bars (sym, tf, ts, open, high, low, close, volume, quote_volume, trades, buy_volume, source)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
        ON CONFLICT (sym, tf, ts) DO UPDATE SET
          open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
          volume = excluded.volume, quote_volume = excluded.quote_volume, trades = excluded.trades,
          buy_volume = excluded.buy_volume
        WHERE bars.source = 1`);
      const counts: KlineWriteCounts = { newBars: 0, updatedBars: 0, tradeBarsKept: 0 };
      store.transaction(() => {
        for (const b of bars) {
          const sym = store.symbolId(b.symbol);
          const existing = sourceOf!.get(sym, b.tf, b.ts) as number | undefined;
          if (existing === 0) {
            counts.tradeBarsKept++;
            continue;
          }
          upsert!.run(sym, b.tf, b.ts, b.open, b.high, b.low, b.close, b.volume, b.quoteVolume, b.trades, b.buyVolume);
          if (existing === undefined) counts.newBars++;
          else counts.updatedBars++;
        }
      });
      return counts;
    },
    lastKlineStart(symbol, tf) {
      last ??= db
        .prepare(
          'SELECT max(b.ts) FROM bars b JOIN symbols s ON s.id = b.sym WHERE s.name = ? AND b.tf = ? AND b.source = 1',
        )
        .pluck();
      return (last.get(symbol, tf) as number | null) ?? null;
    },
  };
}
