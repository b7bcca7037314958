import type { SymbolSeries } from '../../src/core/scanner';
import type { SqliteTickStore } from '../../src/engine/store/sqliteStore';
import type { Bar, Timeframe } from '../../src/shared/market';

/** Writes closes as flat bars of one timeframe (open = high = low = close), for scan tests. */
export function writeUniverseBars(store: SqliteTickStore, series: readonly SymbolSeries[], tf: Timeframe): void {
  const bars: Bar[] = [];
  for (const s of series) {
    for (let i = 0; i < s.ts.length; i++) {
      const c = s.close[i]!;
      bars.push({
        symbol: s.symbol,
        tf,
        ts: s.ts[i]!,
        open: c,
        high: c,
        low: c,
        close: c,
        volume: 1,
        quoteVolume: c,
        trades: 1,
        vwap: c,
        buyVolume: 0.5,
      });
    }
  }
  store.upsertBars(bars);
}
