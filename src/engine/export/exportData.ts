import type { Bar, Timeframe } from '../../shared/market';
import type { SqliteTickStore } from '../store/sqliteStore';
import { ChunkedWriter } from './chunkedWriter';
import { BAR_COLUMNS, csvHeader, csvLine, TICK_COLUMNS } from './exportColumns';
import { writeParquet } from './parquetTable';
import { roundBar, symbolPrecision, type SymbolPrecision } from './symbolPrecision';

export type TickExportFormat = 'csv' | 'json' | 'jsonl' | 'parquet';
export type BarExportFormat = 'csv' | 'json' | 'parquet';

/** Column order is part of the CLI contract (../shared/specs/cli.md); Parquet has the same columns. */
export const TICK_CSV_HEADER = csvHeader(TICK_COLUMNS);
export const BAR_CSV_HEADER = csvHeader(BAR_COLUMNS);

export interface TickExportOptions {
  symbol: string;
  from?: number;
  to?: number;
  format: TickExportFormat;
  signal?: AbortSignal;
  onProgress?: (rows: number) => void;
}

/**
 * Streams ticks ascending by (ts, trade id); returns the row count. Prices and sizes print
 * in their shortest round-trip form, which is the exchange's own decimal (symbolPrecision.ts).
 * Stops at a row boundary when `signal` aborts; throws the output's error if it fails or
 * closes (see ChunkedWriter). Parquet: the same columns and values, in row groups
 * (parquetTable.ts).
 */
export async function exportTicks(
  store: SqliteTickStore,
  out: NodeJS.WritableStream,
  opts: TickExportOptions,
): Promise<number> {
  const { format } = opts;
  const ticks = store.iterateTicks({ symbol: opts.symbol, from: opts.from, to: opts.to });
  if (format === 'parquet') return writeParquet(out, TICK_COLUMNS, ticks, opts);
  const w = new ChunkedWriter(out);
  let rows = 0;
  try {
    if (format === 'csv') await w.write(TICK_CSV_HEADER + '\n');
    else if (format === 'json') await w.write('[');
    for (const t of ticks) {
      if (format === 'csv') {
        await w.write(csvLine(TICK_COLUMNS, t));
      } else {
        const obj = `{"symbol":"${t.symbol}","ts":${t.ts},"price":${t.price},"size":${t.size},"tradeId":${t.tradeId},"isBuyerMaker":${t.isBuyerMaker}}`;
        await w.write(format === 'jsonl' ? obj + '\n' : (rows === 0 ? '\n' : ',\n') + obj);
      }
      rows++;
      if ((rows & 0xffff) === 0) {
        opts.onProgress?.(rows);
        if (opts.signal?.aborted) break;
      }
    }
    if (format === 'json') await w.write(rows === 0 ? ']\n' : '\n]\n');
    await w.flush();
  } finally {
    w.release();
  }
  opts.onProgress?.(rows);
  return rows;
}

export interface BarExportOptions {
  symbol: string;
  tf: Timeframe;
  from?: number;
  to?: number;
  format: BarExportFormat;
  signal?: AbortSignal;
  onProgress?: (rows: number) => void;
}

/**
 * Streams stored bars ascending by start; returns the row count. Volumes, quote volume and
 * vwap are given at the symbol's precision, without float noise (symbolPrecision.ts), in
 * every format.
 */
export async function exportBars(
  store: SqliteTickStore,
  out: NodeJS.WritableStream,
  opts: BarExportOptions,
): Promise<number> {
  const precision = symbolPrecision(store, opts.symbol);
  const bars = store.iterateBars({ symbol: opts.symbol, tf: opts.tf, from: opts.from, to: opts.to });
  if (opts.format === 'parquet') return writeParquet(out, BAR_COLUMNS, roundedBars(bars, precision), opts);
  const w = new ChunkedWriter(out);
  let rows = 0;
  try {
    if (opts.format === 'csv') await w.write(BAR_CSV_HEADER + '\n');
    else await w.write('[');
    for (const b of roundedBars(bars, precision)) {
      if (opts.format === 'csv') {
        await w.write(csvLine(BAR_COLUMNS, b));
      } else {
        await w.write((rows === 0 ? '\n' : ',\n') + JSON.stringify(b));
      }
      rows++;
      if ((rows & 0xffff) === 0) {
        opts.onProgress?.(rows);
        if (opts.signal?.aborted) break;
      }
    }
    if (opts.format === 'json') await w.write(rows === 0 ? ']\n' : '\n]\n');
    await w.flush();
  } finally {
    w.release();
  }
  opts.onProgress?.(rows);
  return rows;
}

function* roundedBars(bars: Iterable<Bar>, precision: SymbolPrecision): Generator<Bar> {
  for (const b of bars) yield roundBar(b, precision);
}
