import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import {
  FUNDING_DEFAULT_COLUMNS,
  fundingColumns,
  isFundingFileName,
  parseFundingCsvRow,
  type FundingColumns,
  type FundingRate,
} from '../../core/binance/parseFunding';
import type { SqliteTickStore } from '../store/sqliteStore';
import { fundingRateStore } from '../store/fundingRates';
import { openLineSource } from './lineSources';

/** What one funding file brought (the tick importer's report, for rates). */
export interface FundingImportReport {
  file: string;
  kind: 'funding';
  symbols: string[];
  rows: number;
  newRates: number;
  alreadyPresent: number;
  rejected: number;
  rejectReasons: Record<string, { count: number; firstLine: number }>;
}

/** A funding file that cannot be imported at all (unreadable, no symbol, bad header). */
export class FundingImportError extends Error {}

/**
 * Splits `tickscope import`'s files into funding-rate files and the rest. `--kind funding`
 * makes every file one, another --kind none; otherwise the name says (…-fundingRate-…) or,
 * for a plain CSV whose name names no kind, its header does (calc_time, …).
 */
export function splitFundingFiles(files: readonly string[], kind?: string): { funding: string[]; others: string[] } {
  if (kind !== undefined)
    return kind === 'funding' ? { funding: [...files], others: [] } : { funding: [], others: [...files] };
  const funding: string[] = [];
  const others: string[] = [];
  for (const f of files) (isFundingFileName(basename(f)) || hasFundingHeader(f) ? funding : others).push(f);
  return { funding, others };
}

/** A plain .csv without a kind in its name whose first line is a funding header. */
function hasFundingHeader(path: string): boolean {
  const name = basename(path).toLowerCase();
  if (!name.endsWith('.csv') || /trades|klines/.test(name)) return false;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0] ?? '';
    return fundingColumns(first.split(',')) !== null;
  } catch {
    return false; // unreadable: the tick importer reports it
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** "BTCUSDT-fundingRate-2024-08.zip" → "BTCUSDT". */
function symbolFromName(path: string): string | null {
  const prefix = basename(path).split('-')[0] ?? '';
  return /^[A-Za-z0-9]{2,30}$/.test(prefix) ? prefix.toUpperCase() : null;
}

/** Imports data.binance.vision `fundingRate` files (CSV, or the .zip holding it). */
export async function importFundingFiles(
  files: readonly string[],
  opts: { store: SqliteTickStore; symbol?: string },
): Promise<FundingImportReport[]> {
  const table = fundingRateStore(opts.store.db);
  if (!table) throw new FundingImportError(`${opts.store.path}: the database has no funding table (opened read-only?)`);
  const out: FundingImportReport[] = [];
  for (const file of files) {
    let source;
    try {
      source = await openLineSource(file);
    } catch (err) {
      throw new FundingImportError(`${file}: ${(err as Error).message.replace(`${file}: `, '')}`);
    }
    const symbol = opts.symbol?.toUpperCase() ?? symbolFromName(source.innerName) ?? symbolFromName(file);
    if (!symbol) throw new FundingImportError(`${file}: cannot tell the symbol from the file name; pass --symbol`);
    const report: FundingImportReport = {
      file,
      kind: 'funding',
      symbols: [symbol],
      rows: 0,
      newRates: 0,
      alreadyPresent: 0,
      rejected: 0,
      rejectReasons: {},
    };
    let cols: FundingColumns = FUNDING_DEFAULT_COLUMNS;
    const batch: FundingRate[] = [];
    let lineNo = 0;
    for await (const line of source.lines) {
      lineNo++;
      if (line.trim().length === 0) continue;
      const fields = line.split(',');
      if (lineNo === 1 && /^[^0-9-]/.test(fields[0]?.trim() ?? '')) {
        const named = fundingColumns(fields);
        if (!named)
          throw new FundingImportError(
            `${file}: line 1: not a fundingRate header ("${line.slice(0, 80)}"); expected ${'calc_time,funding_interval_hours,last_funding_rate'}`,
          );
        cols = named;
        continue;
      }
      report.rows++;
      const r = parseFundingCsvRow(fields, cols, symbol);
      if (r.ok) batch.push(r.rate);
      else {
        report.rejected++;
        (report.rejectReasons[r.reason] ??= { count: 0, firstLine: lineNo }).count++;
      }
    }
    // A file is small (three rates a day): one transaction, all or nothing.
    const stored = table.insert(batch);
    report.newRates = stored.inserted;
    report.alreadyPresent = stored.duplicates;
    out.push(report);
  }
  return out;
}
