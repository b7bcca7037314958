import { TIMEFRAMES, timeframeMs, type Bar, type Timeframe } from '../../shared/market';
import { decimalField, integerField } from './fields';

/**
 * Binance USD-M klines, as data.binance.vision files (CSV, with or without this header) and
 * as GET /fapi/v1/klines rows (JSON arrays with the same twelve fields in the same order).
 */
export const KLINES_HEADER = [
  'open_time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'close_time',
  'quote_volume',
  'count',
  'taker_buy_volume',
  'taker_buy_quote_volume',
  'ignore',
] as const;

/** The fields a bar needs; the last two (taker buy quote volume, ignore) are not used. */
const REQUIRED = KLINES_HEADER.slice(0, 10);
type Field = (typeof REQUIRED)[number];

/** Index of every needed field in a row, and how many fields a row must have. */
export interface KlineColumns {
  readonly index: Readonly<Record<Field, number>>;
  readonly width: number;
}

/** Header-less files and REST rows: the documented order. */
export const POSITIONAL_KLINE_COLUMNS: KlineColumns = {
  index: Object.fromEntries(REQUIRED.map((f, i) => [f, i])) as Record<Field, number>,
  width: KLINES_HEADER.length,
};

/** Whether a CSV line is a klines header: one of its fields names the open time (columns
 * are read by name, so it need not be the first). */
export function isKlinesHeader(fields: readonly string[]): boolean {
  return fields.some((f) => f.trim().toLowerCase() === 'open_time');
}

/** Columns read by name from a header (../shared/specs/cli.md: with a header, columns are read by name);
 * a string says which needed columns are missing. */
export function klineColumnsFromHeader(fields: readonly string[]): KlineColumns | string {
  const names = fields.map((f) => f.trim().toLowerCase());
  const missing = REQUIRED.filter((f) => !names.includes(f));
  if (missing.length > 0) return `the klines header lacks ${missing.join(', ')} (expected ${KLINES_HEADER.join(',')})`;
  return {
    index: Object.fromEntries(REQUIRED.map((f) => [f, names.indexOf(f)])) as Record<Field, number>,
    width: names.length,
  };
}

/** "BTCUSDT-1m-2024-08-08.csv" or "BTCUSDT-1h-2024-08.zip" -> "1m" / "1h"; null when the name
 * is not a klines file name. The interval may still be one Tickscope has no bars for. */
export function klineIntervalFromFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const m = /^[A-Za-z0-9]{2,30}-(\d+[smhdwM])-\d{4}-\d{2}(?:-\d{2})?\.(?:csv|zip)$/.exec(base);
  return m ? m[1]! : null;
}

/** A Binance interval name as a Tickscope timeframe, or null (3m, 2h, 1w, ... have no bars). */
export function klineTimeframe(interval: string): Timeframe | null {
  return (TIMEFRAMES as readonly string[]).includes(interval) ? (interval as Timeframe) : null;
}

/** The timeframe whose length is a kline's close_time − open_time + 1, or null. */
export function timeframeOfSpan(spanMs: number): Timeframe | null {
  return TIMEFRAMES.find((tf) => timeframeMs(tf) === spanMs) ?? null;
}

export interface Kline {
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly quoteVolume: number;
  readonly count: number;
  readonly takerBuyVolume: number;
}

export type KlineParse = { readonly kline: Kline } | { readonly reject: string };

/**
 * One kline row (CSV fields or a REST array). Rejects what cannot be a kline: non-numeric
 * or negative fields, a high below the open/close or a low above them, a taker-buy volume
 * above the volume. The interval is checked by the caller, which knows it.
 */
export function parseKlineRow(fields: readonly unknown[], cols: KlineColumns): KlineParse {
  if (fields.length !== cols.width) return { reject: `expected ${cols.width} columns, got ${fields.length}` };
  const f = (name: Field): unknown => fields[cols.index[name]];
  const openTime = integerField(f('open_time'));
  const closeTime = integerField(f('close_time'));
  const count = integerField(f('count'));
  const [open, high, low, close, volume, quoteVolume, takerBuyVolume] = (
    ['open', 'high', 'low', 'close', 'volume', 'quote_volume', 'taker_buy_volume'] as const
  ).map((n) => decimalField(f(n))) as [number, number, number, number, number, number, number];
  if (Number.isNaN(openTime) || openTime <= 0) return { reject: 'invalid open time' };
  if (Number.isNaN(closeTime) || closeTime <= openTime) return { reject: 'invalid close time' };
  if (Number.isNaN(count)) return { reject: 'invalid trade count' };
  for (const [name, v] of [
    ['open', open],
    ['high', high],
    ['low', low],
    ['close', close],
  ] as const) {
    if (!Number.isFinite(v) || v <= 0) return { reject: `invalid ${name} price` };
  }
  for (const [name, v] of [
    ['volume', volume],
    ['quote volume', quoteVolume],
    ['taker buy volume', takerBuyVolume],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) return { reject: `invalid ${name}` };
  }
  if (high < Math.max(open, close, low) || low > Math.min(open, close))
    return { reject: 'high/low do not bound open and close' };
  if (takerBuyVolume > volume) return { reject: 'taker buy volume exceeds volume' };
  return { kline: { openTime, closeTime, open, high, low, close, volume, quoteVolume, count, takerBuyVolume } };
}

/** Why a kline does not belong to interval `tf` (its start off the grid, its span wrong), or null. */
export function klineIntervalProblem(k: Kline, tf: Timeframe): string | null {
  const ms = timeframeMs(tf);
  if (k.openTime % ms !== 0) return `open time ${k.openTime} is not the start of a ${tf} interval`;
  if (k.closeTime - k.openTime + 1 !== ms)
    return `close time ${k.closeTime} does not end the ${tf} interval opened at ${k.openTime}`;
  return null;
}

/**
 * A kline as a bar of its interval (../shared/specs/scanner.md): trades = count,
 * buyVolume = taker buy volume, vwap = quote volume / volume. Null for a kline without
 * volume: no trade, no bar (../shared/specs/analytics.md).
 */
export function klineBar(symbol: string, tf: Timeframe, k: Kline): Bar | null {
  if (!(k.volume > 0)) return null;
  return {
    symbol,
    tf,
    ts: k.openTime,
    open: k.open,
    high: k.high,
    low: k.low,
    close: k.close,
    volume: k.volume,
    quoteVolume: k.quoteVolume,
    trades: k.count,
    vwap: k.quoteVolume / k.volume,
    buyVolume: k.takerBuyVolume,
  };
}
