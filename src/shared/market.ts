import { z } from 'zod';

/** Timeframes Tickscope builds bars for, shortest first (../shared/specs/analytics.md, ../shared/specs/cli.md). */
export const TIMEFRAMES = ['1s', '5s', '15s', '1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];
export const timeframeSchema = z.enum(TIMEFRAMES);

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Length of a timeframe in milliseconds. */
export function timeframeMs(tf: Timeframe): number {
  const unit = tf.slice(-1) as keyof typeof UNIT_MS;
  return Number(tf.slice(0, -1)) * UNIT_MS[unit];
}

/** Start of the bar of timeframe `tf` that holds `tsMs` (bars are [t, t + tf)). */
export function barStart(tsMs: number, tfMs: number): number {
  return Math.floor(tsMs / tfMs) * tfMs;
}

// Input is case-insensitive, but only ASCII letters: 'ß'.toUpperCase() is 'SS' and Turkish
// 'ı' becomes 'I', so validating after uppercasing would let them through.
const SYMBOL_INPUT = /^[A-Za-z0-9]{2,30}$/;

/**
 * The one symbol check every entry point uses (wire frames, file names, --symbol, the
 * contract): the stored form of `raw` (Binance's uppercase, /^[A-Z0-9]{2,30}$/), or null
 * when it is not a symbol. Control characters and escape sequences never pass, so nothing
 * stored can be echoed to a terminal raw.
 */
export function normalizeSymbol(raw: string): string | null {
  return SYMBOL_INPUT.test(raw) ? raw.toUpperCase() : null;
}

/** Binance symbols are stored and shown uppercase; input is case-insensitive. */
export const symbolSchema = z
  .string()
  .trim()
  .regex(SYMBOL_INPUT, 'a symbol is 2-30 letters or digits, e.g. BTCUSDT')
  .transform((s) => s.toUpperCase());

export type StreamKind = 'aggTrade' | 'trade';

/** One normalised trade. `tradeId` is the aggregate id for aggTrade streams. */
export interface Tick {
  symbol: string;
  tradeId: number;
  /** Trade time (Binance `T`), epoch ms. */
  ts: number;
  price: number;
  size: number;
  /** True when the buyer was the maker, i.e. the aggressor sold. */
  isBuyerMaker: boolean;
}

export const barSchema = z.object({
  symbol: z.string(),
  tf: timeframeSchema,
  ts: z.number(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  quoteVolume: z.number(),
  trades: z.number().int(),
  vwap: z.number(),
  buyVolume: z.number(),
});
/** OHLCV bar built from trades; `ts` is the bar's start (epoch ms). */
export type Bar = z.infer<typeof barSchema>;
