import type { SqliteTickStore } from '../engine/store/sqliteStore';
import type { Timeframe } from '../shared/market';
import { CliFailure } from './context';

/**
 * Refuses a symbol the database holds nothing of (exit 1, "no data for XRPUSDT"), so a
 * typo is not answered with a bare header or "only 0 aligned points". A known symbol with
 * an empty range is not an error: that range simply had no trades.
 */
export function requireStoredData(
  store: SqliteTickStore,
  symbol: string,
  what: 'ticks' | Timeframe,
  dbPath: string,
): void {
  if (!store.listSymbols().includes(symbol)) throw new CliFailure(`no data for ${symbol} in ${dbPath}`);
  if (what === 'ticks') {
    if (store.firstTick(symbol) === null)
      throw new CliFailure(`no data for ${symbol}: no ticks stored (bars only) in ${dbPath}`);
  } else if (store.getBars({ symbol, tf: what, limit: 1 }).length === 0) {
    throw new CliFailure(`no data for ${symbol}: no ${what} bars stored in ${dbPath}`);
  }
}
