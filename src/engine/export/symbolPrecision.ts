import { TIMEFRAMES, type Bar } from '../../shared/market';
import type { SqliteTickStore } from '../store/sqliteStore';

/**
 * How many decimals a symbol's prices and quantities have, and the bar figures rounded to
 * them: the float noise of sums (`24.114999999999974`, a vwap of `63944.00000000001`) is
 * removed at export, where the numbers leave Tickscope.
 *
 * Why here and how. Ticks are stored as doubles parsed from the exchange's decimal strings,
 * so the shortest round-trip form of a stored price or size (JS's String(number)) is
 * exactly what the exchange wrote: tick exports print them as they are. Bars hold float
 * sums (volume = Σ qty, quote volume = Σ price·qty, buy volume) and the vwap derived from
 * them; their exact values have at most the quantity's decimals (volumes) and price
 * decimals + quantity decimals (quote volume), so rounding to those gives the exact decimal
 * sum whenever the error the float additions accumulated is below half a unit there, which
 * holds by many orders of magnitude for bars of thousands of trades (a day of BTCUSDT, about
 * 10^10 USDT over a million trades, may differ in the last of its 4 quote decimals). vwap is a
 * ratio with no exact decimal: it is given at the quote volume's precision.
 *
 * The store does not hold the exchange's tick size and step size, so the precision is read
 * from the data: the most decimals among the symbol's first and latest stored ticks (Binance
 * fixes both per symbol, so a few thousand trades show them). Without ticks (bars imported
 * from klines, or ticks removed by retention) the finest stored bars stand in: their OHLC
 * are trade prices, and their volumes count unless they are float noise themselves.
 */
export interface SymbolPrecision {
  readonly priceDecimals: number;
  readonly qtyDecimals: number;
}

/** Binance never quotes more decimals than this; a longer shortest form is float noise. */
const MAX_EXCHANGE_DECIMALS = 8;
const SAMPLE = 5000;

/** Decimals in the shortest round-trip form of a finite number (1.5e-7 has 8). */
export function decimalPlaces(v: number): number {
  if (!Number.isFinite(v)) return 0;
  const s = String(Math.abs(v));
  const exp = s.indexOf('e');
  const mantissa = exp < 0 ? s : s.slice(0, exp);
  const dot = mantissa.indexOf('.');
  const frac = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, frac - (exp < 0 ? 0 : Number(s.slice(exp + 1))));
}

/** v rounded to `decimals` places, as the double whose shortest form is that decimal. */
export function roundTo(v: number, decimals: number): number {
  if (!Number.isFinite(v) || Math.abs(v) >= 1e21) return v;
  return Number(v.toFixed(Math.min(100, decimals)));
}

export function symbolPrecision(store: SqliteTickStore, symbol: string): SymbolPrecision {
  const sym = store.db.prepare('SELECT id FROM symbols WHERE name = ?').pluck().get(symbol) as number | undefined;
  if (sym === undefined) return { priceDecimals: MAX_EXCHANGE_DECIMALS, qtyDecimals: MAX_EXCHANGE_DECIMALS };
  let price = -1;
  let qty = -1;
  const seen = (v: number, current: number): number => {
    const d = decimalPlaces(v);
    return d <= MAX_EXCHANGE_DECIMALS && d > current ? d : current;
  };
  for (const order of ['ASC', 'DESC']) {
    const rows = store.db
      .prepare(`SELECT price, size FROM ticks WHERE sym = ? ORDER BY trade_id ${order} LIMIT ${SAMPLE}`)
      .raw()
      .all(sym) as number[][];
    for (const [p, q] of rows) {
      price = seen(p!, price);
      qty = seen(q!, qty);
    }
  }
  if (price < 0 || qty < 0) {
    const tf = TIMEFRAMES.find(
      (t) => store.db.prepare('SELECT 1 FROM bars WHERE sym = ? AND tf = ? LIMIT 1').get(sym, t) !== undefined,
    );
    if (tf !== undefined) {
      const rows = store.db
        .prepare(
          `SELECT open, high, low, close, volume, buy_volume FROM bars WHERE sym = ? AND tf = ? ORDER BY ts DESC LIMIT ${SAMPLE}`,
        )
        .raw()
        .all(sym, tf) as number[][];
      for (const r of rows) {
        for (let i = 0; i < 4; i++) price = seen(r[i]!, price);
        qty = seen(r[4]!, seen(r[5]!, qty));
      }
    }
  }
  return {
    priceDecimals: price < 0 ? MAX_EXCHANGE_DECIMALS : price,
    qtyDecimals: qty < 0 ? MAX_EXCHANGE_DECIMALS : qty,
  };
}

/** A bar with its sums at the symbol's precision (OHLC are trade prices and stay as stored). */
export function roundBar(b: Bar, p: SymbolPrecision): Bar {
  const quote = p.priceDecimals + p.qtyDecimals;
  return {
    ...b,
    volume: roundTo(b.volume, p.qtyDecimals),
    quoteVolume: roundTo(b.quoteVolume, quote),
    vwap: roundTo(b.vwap, quote),
    buyVolume: roundTo(b.buyVolume, p.qtyDecimals),
  };
}
