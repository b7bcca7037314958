import type { StreamKind, Tick } from '../../shared/market';
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

/** The kind a header line names, or null when the line is data (older files have none). */
export function csvHeaderKind(fields: readonly string[]): CsvKind | null {
  const first = fields[0]?.trim().toLowerCase();
  if (first === 'id') return 'trades';
  if (first === 'agg_trade_id') return 'aggTrades';
  return null;
}

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

/** Columns (id, price, qty, time, maker) per kind. */
const COLUMNS: Record<CsvKind, readonly [number, number, number, number, number, number]> = {
  // id, price, qty, time, maker, minimum field count
  trades: [0, 1, 2, 4, 5, 6],
  aggTrades: [0, 1, 2, 5, 6, 7],
};

/** Parses one data row of a UM trades/aggTrades CSV into a tick. */
export function parseCsvRow(fields: readonly string[], kind: CsvKind, symbol: string): ParseResult {
  const [iId, iPrice, iQty, iTime, iMaker, count] = COLUMNS[kind];
  if (fields.length < count) return rejectResult(symbol, `expected ${count} columns, got ${fields.length}`);
  const id = integerField(fields[iId]);
  const ts = integerField(fields[iTime]);
  const price = decimalField(fields[iPrice]);
  const size = decimalField(fields[iQty]);
  const maker = booleanField(fields[iMaker]);
  const problem = tradeProblem(id, ts, price, size, maker);
  if (problem !== null) return rejectResult(symbol, problem);
  const tick: Tick = { symbol, tradeId: id, ts, price, size, isBuyerMaker: maker as boolean };
  const stream: StreamKind = kind === 'trades' ? 'trade' : 'aggTrade';
  return { kind: 'tick', tick, stream };
}
