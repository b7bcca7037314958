import type { StreamKind, Tick } from '../../shared/market';
import { printable } from '../../shared/printable';
import { booleanField, decimalField, integerField, tradeProblem } from './fields';
import { rejectResult, type ParseResult } from './parseResult';

/** data.binance.vision UM file kinds: `trades` (ids are trade ids) or `aggTrades`. */
export type CsvKind = 'trades' | 'aggTrades';

export const TRADES_HEADER = ['id', 'price', 'qty', 'quote_qty', 'time', 'is_buyer_maker'] as const;
export const AGG_TRADES_HEADER = [
  'agg_trade_id',
  'price',
  'quantity',
  'first_trade_id',
  'last_trade_id',
  'transact_time',
  'is_buyer_maker',
] as const;

/** Whether a row looks like a header at all (any non-numeric first field). */
export function isCsvHeaderRow(fields: readonly string[]): boolean {
  const first = fields[0]?.trim() ?? '';
  return first.length > 0 && !/^[0-9]/.test(first);
}

/** Kind from a file name: "...-aggTrades-..." is aggTrades, otherwise trades. */
export function csvKindFromFileName(name: string): CsvKind | null {
  const base = name.toLowerCase();
  if (base.includes('aggtrades')) return 'aggTrades';
  if (base.includes('trades')) return 'trades';
  return null;
}

/** Where the fields a tick needs are in a row, and how many fields a row must have. */
export interface CsvLayout {
  readonly kind: CsvKind;
  readonly id: number;
  readonly price: number;
  readonly qty: number;
  readonly time: number;
  readonly maker: number;
  readonly columns: number;
}

const HEADERS: Record<CsvKind, readonly string[]> = { trades: TRADES_HEADER, aggTrades: AGG_TRADES_HEADER };

/** The header names of the fields a tick is made of: id, price, qty, time, maker. */
const TICK_COLUMNS: Record<CsvKind, readonly [string, string, string, string, string]> = {
  trades: ['id', 'price', 'qty', 'time', 'is_buyer_maker'],
  aggTrades: ['agg_trade_id', 'price', 'quantity', 'transact_time', 'is_buyer_maker'],
};

function layoutOf(kind: CsvKind, names: readonly string[]): CsvLayout {
  const [id, price, qty, time, maker] = TICK_COLUMNS[kind].map((c) => names.indexOf(c)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { kind, id, price, qty, time, maker, columns: names.length };
}

/** The documented column order of a kind, for files without a header line. */
export function csvLayout(kind: CsvKind): CsvLayout {
  return layoutOf(kind, HEADERS[kind]);
}

/**
 * The layout a header line names, columns found by name whatever their order, or why it
 * cannot be read: a column this kind does not have, a repeated one, or a missing one that a
 * tick needs. Guessing would import quantities as prices without a word.
 */
export function csvLayoutFromHeader(fields: readonly string[]): CsvLayout | { readonly problem: string } {
  const names = fields.map((f) => f.trim().toLowerCase());
  const kind: CsvKind | null = names.includes('agg_trade_id') ? 'aggTrades' : names.includes('id') ? 'trades' : null;
  if (kind === null) return { problem: 'the header names neither "id" (trades) nor "agg_trade_id" (aggTrades)' };
  const known = HEADERS[kind];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (!known.includes(name)) {
      return {
        problem: `unknown column "${printable(fields[i]!.trim(), 40)}" (${kind} files have ${known.join(',')})`,
      };
    }
    if (names.indexOf(name) !== i) return { problem: `column "${name}" appears twice in the header` };
  }
  for (const needed of TICK_COLUMNS[kind]) {
    if (!names.includes(needed)) return { problem: `the ${kind} header has no "${needed}" column` };
  }
  return layoutOf(kind, names);
}

/** Parses one data row of a UM trades/aggTrades CSV into a tick. */
export function parseCsvRow(
  fields: readonly string[],
  layout: CsvLayout,
  symbol: string,
  now?: () => number,
): ParseResult {
  const count = layout.columns;
  if (fields.length < count) return rejectResult(symbol, `expected ${count} columns, got ${fields.length}`);
  const id = integerField(fields[layout.id]);
  const ts = integerField(fields[layout.time]);
  const price = decimalField(fields[layout.price]);
  const size = decimalField(fields[layout.qty]);
  const maker = booleanField(fields[layout.maker]);
  const problem = tradeProblem(id, ts, price, size, maker, now);
  if (problem !== null) return rejectResult(symbol, problem);
  const tick: Tick = { symbol, tradeId: id, ts, price, size, isBuyerMaker: maker as boolean };
  const stream: StreamKind = layout.kind === 'trades' ? 'trade' : 'aggTrade';
  return { kind: 'tick', tick, stream };
}
