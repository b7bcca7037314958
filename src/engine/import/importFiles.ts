import { basename } from 'node:path';
import {
  csvKindFromFileName,
  csvLayout,
  csvLayoutFromHeader,
  isCsvHeaderRow,
  parseCsvRow,
  parseStreamMessage,
  splitLogLine,
  type CsvKind,
  type CsvLayout,
  type ParseResult,
} from '../../core/binance';
import { normalizeSymbol, TIMEFRAMES, type Timeframe } from '../../shared/market';
import { printable } from '../../shared/printable';
import { createIngestor } from '../ingest/ingestor';
import type { SqliteTickStore } from '../store/sqliteStore';
import { findKlinesFiles, importKlinesFile, type KlinesImportCounts } from './importKlines';
import { LineTooLongError, openLineSource } from './lineSources';

export interface ImportOptions {
  readonly store: SqliteTickStore;
  /** Overrides the symbol taken from the file name (CSV) or filters a log to one symbol. */
  readonly symbol?: string;
  /** Kind of a header-less CSV whose name does not say; 'klines' for klines files (importKlines.ts). */
  readonly kind?: CsvKind | 'klines';
  readonly timeframes?: readonly Timeframe[];
  readonly onProgress?: (p: {
    file: string;
    fileIndex: number;
    files: number;
    done: number;
    total: number;
    rows: number;
  }) => void;
  readonly signal?: AbortSignal;
}

export interface FileImportReport {
  file: string;
  format: 'csv' | 'log';
  /** CSV: the file's symbol; logs: every symbol seen. */
  symbols: string[];
  kind: CsvKind | 'stream' | 'klines';
  /** Klines files only: the bars they added (a kline is a bar, not ticks). */
  klines?: KlinesImportCounts;
  rows: number;
  newTicks: number;
  alreadyPresent: number;
  rejected: number;
  /** Non-trade messages in logs (bookTicker, depth, ...). */
  ignored: number;
  /** Reject reason -> count and the first line number it happened on. */
  rejectReasons: Record<string, { count: number; firstLine: number }>;
}

/** A file's report before its first row: what it is, every count at zero. */
export function emptyFileReport(
  file: string,
  format: FileImportReport['format'],
  symbols: string[],
  kind: FileImportReport['kind'],
): FileImportReport {
  const counts = { rows: 0, newTicks: 0, alreadyPresent: 0, rejected: 0, ignored: 0, rejectReasons: {} };
  return { file, format, symbols, kind, ...counts };
}

export interface ImportReport {
  files: FileImportReport[];
  newTicks: number;
  alreadyPresent: number;
  rejected: number;
}

/** A file that cannot be imported at all (unreadable, unknown symbol or kind). */
export class ImportError extends Error {}

/** "BTCUSDT-trades-2024-08-08.zip" -> "BTCUSDT"; null when the prefix is not a symbol. */
export function symbolFromFileName(path: string): string | null {
  return normalizeSymbol(basename(path).split('-')[0] ?? '');
}

/** Ticks a file gave (new or already stored): zero means nothing in it could be used. */
export function usableTicks(r: FileImportReport): number {
  // A klines file yields bars, not ticks: every kline it read counts (zero-volume ones too:
  // they are valid rows that simply are not bars).
  if (r.klines) return r.klines.newBars + r.klines.updatedBars + r.klines.tradeBarsKept + r.klines.zeroVolume;
  return r.newTicks + r.alreadyPresent;
}

/** One line saying why a file gave no tick: its row count and its commonest reject reason. */
export function noUsableRowReason(r: FileImportReport): string {
  if (r.rows === 0) return 'no data rows';
  const top = Object.entries(r.rejectReasons).sort((a, b) => b[1].count - a[1].count)[0];
  const parts = [`${r.rows} rows`];
  if (r.rejected > 0)
    parts.push(`${r.rejected} rejected${top ? `, most for ${top[0]} (first at line ${top[1].firstLine})` : ''}`);
  if (r.ignored > 0) parts.push(`${r.ignored} not trades`);
  return `no usable row (${parts.join('; ')})`;
}

function isLogName(path: string): boolean {
  return /\.(jsonl|json|log|ndjson)(\.gz)?$/i.test(path) || (/\.gz$/i.test(path) && !/\.csv\.gz$/i.test(path));
}

/**
 * Imports Binance bulk CSVs (plain or .zip) and recorded stream logs (optionally gzipped)
 * through the normal ingest path: idempotent on (symbol, trade id), bars for every timeframe.
 */
export async function importFiles(files: readonly string[], opts: ImportOptions): Promise<ImportReport> {
  if (opts.symbol !== undefined && normalizeSymbol(opts.symbol) === null) {
    throw new ImportError(`"${printable(opts.symbol, 40)}" is not a symbol (2-30 letters or digits)`);
  }
  const report: ImportReport = { files: [], newTicks: 0, alreadyPresent: 0, rejected: 0 };
  const klines = await findKlinesFiles(files, opts.kind);
  for (let i = 0; i < files.length; i++) {
    const r = klines.has(files[i]!)
      ? await importKlinesFile(files[i]!, i, files.length, opts)
      : await importOne(files[i]!, i, files.length, opts);
    report.files.push(r);
    report.newTicks += r.newTicks;
    report.alreadyPresent += r.alreadyPresent;
    report.rejected += r.rejected;
  }
  return report;
}

async function importOne(
  file: string,
  fileIndex: number,
  fileCount: number,
  allOpts: ImportOptions,
): Promise<FileImportReport> {
  const opts = { ...allOpts, kind: allOpts.kind === 'klines' ? undefined : allOpts.kind };
  const asLog = isLogName(file);
  let source;
  try {
    source = await openLineSource(file);
  } catch (err) {
    throw new ImportError(`${file}: ${(err as Error).message.replace(`${file}: `, '')}`);
  }
  const given = opts.symbol === undefined ? undefined : normalizeSymbol(opts.symbol)!;
  const fileSymbol = given ?? (asLog ? null : (symbolFromFileName(source.innerName) ?? symbolFromFileName(file)));
  if (!asLog && !fileSymbol) throw new ImportError(`${file}: cannot tell the symbol from the file name; pass --symbol`);
  const reportKind = asLog ? 'stream' : (opts.kind ?? 'trades');
  const report = emptyFileReport(file, asLog ? 'log' : 'csv', fileSymbol ? [fileSymbol] : [], reportKind);
  const ingestor = createIngestor({
    store: opts.store,
    timeframes: opts.timeframes ?? TIMEFRAMES,
    flushMs: 60_000,
    maxBatch: 10_000,
  });
  const symbolsSeen = new Set<string>();
  const logFilter = asLog && given ? new Set([given]) : undefined;
  let layout: CsvLayout | null = asLog || !opts.kind ? null : csvLayout(opts.kind);
  let lineNo = 0;
  const reject = (reason: string): void => {
    report.rejected++;
    const r = (report.rejectReasons[reason] ??= { count: 0, firstLine: lineNo });
    r.count++;
  };
  const batch = [];
  try {
    for await (const line of source.lines) {
      lineNo++;
      if (opts.signal?.aborted) break;
      let result: ParseResult;
      if (asLog) {
        const l = splitLogLine(line);
        if (!l) continue;
        report.rows++;
        result = parseStreamMessage(l.json, logFilter ? { symbols: logFilter } : undefined);
        if (result.kind === 'reject' && logFilter && result.reason.startsWith('unknown symbol')) {
          report.ignored++; // other symbols in a mixed log are not errors when filtering
          continue;
        }
      } else {
        if (line.length === 0) continue;
        // A byte-order mark (spreadsheet exports) is not part of the first column's name.
        const fields = (lineNo === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line).split(',');
        if (lineNo === 1 && isCsvHeaderRow(fields)) {
          // With a header, columns are read by name (../shared/specs/cli.md), whatever --kind says.
          const named = csvLayoutFromHeader(fields);
          if ('problem' in named) throw new ImportError(`${file}: line 1: ${named.problem}`);
          layout = named;
          continue;
        }
        if (layout === null) {
          const kind = csvKindFromFileName(source.innerName) ?? csvKindFromFileName(file);
          if (kind === null)
            throw new ImportError(`${file}: no header and the name says neither trades nor aggTrades; pass --kind`);
          layout = csvLayout(kind);
        }
        report.rows++;
        result = parseCsvRow(fields, layout, fileSymbol!);
      }
      if (result.kind === 'tick') {
        symbolsSeen.add(result.tick.symbol);
        batch.push(result.tick);
        if (batch.length >= 2000) {
          ingestor.push(batch);
          batch.length = 0;
          opts.onProgress?.({ file, fileIndex, files: fileCount, rows: report.rows, ...source.progress() });
        }
      } else if (result.kind === 'ignored') report.ignored++;
      else reject(result.reason);
    }
    ingestor.push(batch);
    ingestor.close();
  } catch (err) {
    ingestor.close();
    if (err instanceof ImportError) throw err;
    if (err instanceof LineTooLongError) throw new ImportError(`${file}: ${err.message}`);
    throw new ImportError(`${file}: line ${lineNo}: ${(err as Error).message}`);
  }
  if (!asLog) report.kind = layout?.kind ?? report.kind;
  else report.symbols = [...symbolsSeen].sort();
  for (const s of ingestor.stats().symbols) {
    report.newTicks += s.stored;
    report.alreadyPresent += s.duplicates;
  }
  opts.onProgress?.({ file, fileIndex, files: fileCount, rows: report.rows, ...source.progress() });
  return report;
}
