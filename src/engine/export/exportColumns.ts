import type { Bar, Tick } from '../../shared/market';

/**
 * The columns of a research table, defined once for every format that writes it: the CSV
 * header and cells and the Parquet schema and values both come from these lists, so the two
 * cannot drift apart (same names, same order, same values). Column order of ticks and bars is
 * the CLI contract (../shared/specs/cli.md).
 *
 * Kinds, and what Parquet readers see (pandas through pyarrow, polars):
 * - `timestamp_ms`: epoch milliseconds. Parquet INT64 annotated TIMESTAMP(MILLIS, UTC), so
 *   pandas reads datetime64[ms, UTC] and polars Datetime("ms", "UTC") with no unit guesswork
 *   and no loss; CSV prints the integer.
 * - `int64`: an integer (ids, counts). Parquet INT64: exact up to 2^63, where JSON numbers and
 *   doubles stop at 2^53.
 * - `double`, `string` (UTF-8), `boolean` (CSV `true`/`false`).
 * A `nullable` column may hold null (an empty CSV cell, a Parquet null); any other column
 * refuses a null with an error naming the column.
 */
export type ColumnKind = 'timestamp_ms' | 'int64' | 'double' | 'string' | 'boolean';

export type CellValue = number | string | boolean | null;

export interface TableColumn<Row> {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable?: boolean;
  /** Few distinct values (a symbol): Parquet stores each once and refers to it by index. */
  readonly dictionary?: boolean;
  readonly value: (row: Row) => CellValue;
}

export const TICK_COLUMNS: readonly TableColumn<Tick>[] = [
  { name: 'ts', kind: 'timestamp_ms', value: (t) => t.ts },
  { name: 'symbol', kind: 'string', dictionary: true, value: (t) => t.symbol },
  { name: 'trade_id', kind: 'int64', value: (t) => t.tradeId },
  { name: 'price', kind: 'double', value: (t) => t.price },
  { name: 'size', kind: 'double', value: (t) => t.size },
  { name: 'is_buyer_maker', kind: 'boolean', value: (t) => t.isBuyerMaker },
];

/** Bars as exported: give them rounded to the symbol's precision (roundBar in symbolPrecision.ts). */
export const BAR_COLUMNS: readonly TableColumn<Bar>[] = [
  { name: 'ts', kind: 'timestamp_ms', value: (b) => b.ts },
  { name: 'open', kind: 'double', value: (b) => b.open },
  { name: 'high', kind: 'double', value: (b) => b.high },
  { name: 'low', kind: 'double', value: (b) => b.low },
  { name: 'close', kind: 'double', value: (b) => b.close },
  { name: 'volume', kind: 'double', value: (b) => b.volume },
  { name: 'quote_volume', kind: 'double', value: (b) => b.quoteVolume },
  { name: 'trades', kind: 'int64', value: (b) => b.trades },
  { name: 'vwap', kind: 'double', value: (b) => b.vwap },
  { name: 'buy_volume', kind: 'double', value: (b) => b.buyVolume },
];

export function csvHeader(columns: readonly TableColumn<never>[]): string {
  return columns.map((c) => csvCell(c.name)).join(',');
}

/**
 * One CSV row, newline included. Numbers print in their shortest round-trip form (for a stored
 * price or size that is the exchange's own decimal, see symbolPrecision.ts), null as an empty
 * cell; text is quoted only when it holds a comma, a quote or a line break.
 */
export function csvLine<Row>(columns: readonly TableColumn<Row>[], row: Row): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const v = columns[i]!.value(row);
    if (i > 0) line += ',';
    if (v === null) continue;
    line += typeof v === 'string' ? csvCell(v) : String(v);
  }
  return line + '\n';
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
