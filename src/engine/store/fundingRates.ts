import type { Database } from 'better-sqlite3';
import type { FundingRate } from '../../core/binance/parseFunding';

/** Funding rates per symbol in the engine's database (table funding_rates, migration 2). */
export interface FundingRateStore {
  /** Idempotent on (symbol, funding time): a rate already stored is kept as it is. */
  insert(rates: readonly FundingRate[]): { inserted: number; duplicates: number };
  /** A symbol's rates with from ≤ ts < to, ascending. */
  list(symbol: string, from?: number, to?: number): FundingRate[];
  /** The newest stored funding time with from ≤ ts < to, or null. */
  latest(symbol: string, from?: number, to?: number): number | null;
  /** How many rates a symbol has in all. */
  count(symbol: string): number;
}

interface Row {
  symbol: string;
  ts: number;
  rate: number;
  interval_hours: number | null;
  mark_price: number | null;
}

/**
 * The funding table of an open database, or null when it has none: a database opened
 * read-only is not migrated, and one written by an older Tickscope predates the table.
 */
export function fundingRateStore(db: Database): FundingRateStore | null {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'funding_rates'").get();
  if (!exists) return null;
  const insertStmt = db.prepare(
    'INSERT OR IGNORE INTO funding_rates (symbol, ts, rate, interval_hours, mark_price) VALUES (?, ?, ?, ?, ?)',
  );
  const listStmt = db.prepare('SELECT * FROM funding_rates WHERE symbol = ? AND ts >= ? AND ts < ? ORDER BY ts');
  const latestStmt = db.prepare('SELECT max(ts) FROM funding_rates WHERE symbol = ? AND ts >= ? AND ts < ?').pluck();
  const countStmt = db.prepare('SELECT count(*) FROM funding_rates WHERE symbol = ?').pluck();
  const lo = (v?: number) => v ?? Number.MIN_SAFE_INTEGER;
  const hi = (v?: number) => v ?? Number.MAX_SAFE_INTEGER;
  return {
    insert(rates) {
      let inserted = 0;
      db.transaction(() => {
        for (const r of rates) inserted += insertStmt.run(r.symbol, r.ts, r.rate, r.intervalHours, r.markPrice).changes;
      })();
      return { inserted, duplicates: rates.length - inserted };
    },
    list(symbol, from, to) {
      return (listStmt.all(symbol, lo(from), hi(to)) as Row[]).map((r) => ({
        symbol: r.symbol,
        ts: r.ts,
        rate: r.rate,
        intervalHours: r.interval_hours,
        markPrice: r.mark_price,
      }));
    },
    latest(symbol, from, to) {
      return (latestStmt.get(symbol, lo(from), hi(to)) as number | null) ?? null;
    },
    count(symbol) {
      return countStmt.get(symbol) as number;
    },
  };
}
