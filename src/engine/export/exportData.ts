import type { Timeframe } from '../../shared/market';
import type { SqliteTickStore } from '../store/sqliteStore';
import { ChunkedWriter } from './chunkedWriter';
import { roundBar, symbolPrecision } from './symbolPrecision';

export type TickExportFormat = 'csv' | 'json' | 'jsonl';
export type BarExportFormat = 'csv' | 'json';

/** Column order is part of the CLI contract (specs/cli.md). */
export const TICK_CSV_HEADER = 'ts,symbol,trade_id,price,size,is_buyer_maker';
export const BAR_CSV_HEADER = 'ts,open,high,low,close,volume,quote_volume,trades,vwap,buy_volume';

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
 * closes (see ChunkedWriter).
 */
export async function exportTicks(store: SqliteTickStore, out: NodeJS.WritableStream, opts: TickExportOptions): Promise<number> {
  const w = new ChunkedWriter(out);
  const { format } = opts;
  let rows = 0;
  try {
    if (format === 'csv') await w.write(TICK_CSV_HEADER + '\n');
    else if (format === 'json') await w.write('[');
    for (const t of store.iterateTicks({ symbol: opts.symbol, from: opts.from, to: opts.to })) {
      if (format === 'csv') {
        await w.write(`${t.ts},${t.symbol},${t.tradeId},${t.price},${t.size},${t.isBuyerMaker}\n`);
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
 * vwap are given at the symbol's precision, without float noise (symbolPrecision.ts).
 */
export async function exportBars(store: SqliteTickStore, out: NodeJS.WritableStream, opts: BarExportOptions): Promise<number> {
  const precision = symbolPrecision(store, opts.symbol);
  const w = new ChunkedWriter(out);
  let rows = 0;
  try {
    if (opts.format === 'csv') await w.write(BAR_CSV_HEADER + '\n');
    else await w.write('[');
    for (const raw of store.iterateBars({ symbol: opts.symbol, tf: opts.tf, from: opts.from, to: opts.to })) {
      const b = roundBar(raw, precision);
      if (opts.format === 'csv') {
        await w.write(`${b.ts},${b.open},${b.high},${b.low},${b.close},${b.volume},${b.quoteVolume},${b.trades},${b.vwap},${b.buyVolume}\n`);
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
