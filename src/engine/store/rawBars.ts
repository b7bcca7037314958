import type { Bar, Timeframe } from '../../shared/market';

/**
 * Columns of a Bar as bar reads select them, in this order. Reads for the UI and analytics
 * return many rows: raw arrays of just these cost a third of SELECT * into keyed objects.
 */
export const BAR_COLUMNS = 'ts, open, high, low, close, volume, quote_volume, trades, buy_volume';

/** A raw row of BAR_COLUMNS as a Bar (vwap derived; the close when nothing traded). */
export function barFromRaw(symbol: string, tf: Timeframe, row: readonly number[]): Bar {
  const volume = row[5]!;
  const quoteVolume = row[6]!;
  const close = row[4]!;
  return {
    symbol,
    tf,
    ts: row[0]!,
    open: row[1]!,
    high: row[2]!,
    low: row[3]!,
    close,
    volume,
    quoteVolume,
    trades: row[7]!,
    vwap: volume > 0 ? quoteVolume / volume : close,
    buyVolume: row[8]!,
  };
}
