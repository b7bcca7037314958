import {
  POSITIONAL_KLINE_COLUMNS,
  isKlinesHeader,
  klineBar,
  klineColumnsFromHeader,
  klineIntervalFromFileName,
  klineIntervalProblem,
  klineTimeframe,
  parseKlineRow,
  timeframeOfSpan,
  type KlineColumns,
} from '../../core/binance/parseKlines';
import { TIMEFRAMES, type Bar, type Timeframe } from '../../shared/market';
import { createKlineBarWriter, type KlineWriteCounts } from '../store/klineBars';
import {
  emptyFileReport,
  ImportError,
  symbolFromFileName,
  type FileImportReport,
  type ImportOptions,
} from './importFiles';
import { openLineSource } from './lineSources';

/** What a klines file added, beside the trade-oriented counts of FileImportReport. */
export interface KlinesImportCounts extends KlineWriteCounts {
  readonly tf: Timeframe | null;
  /** Klines without volume: no trade in the interval, so no bar (../shared/specs/analytics.md). */
  readonly zeroVolume: number;
}

const isTable = (file: string): boolean => /\.(csv|zip)$/i.test(file);
const isNumericRow = (fields: readonly string[]): boolean => fields.every((f) => /^-?[0-9.]+$/.test(f.trim()));

async function firstLine(file: string): Promise<string> {
  const source = await openLineSource(file);
  for await (const line of source.lines) if (line.trim().length > 0) return line;
  return '';
}

/**
 * Which of the files are klines files, from --kind, the name (SYMBOL-1m-2024-08-08.csv) or
 * the first line (an open_time header, or twelve numbers), and checks each one's first line
 * before anything is imported: a klines file with the wrong columns fails the whole import
 * with one line and nothing written.
 */
export async function findKlinesFiles(files: readonly string[], kind: ImportOptions['kind']): Promise<Set<string>> {
  const out = new Set<string>();
  if (kind !== undefined && kind !== 'klines') return out;
  for (const file of files) {
    const named = klineIntervalFromFileName(file) !== null;
    if (kind !== 'klines' && (!isTable(file) || (!named && /trades/i.test(file)))) continue;
    let line: string;
    try {
      line = await firstLine(file);
    } catch (err) {
      throw new ImportError(`${file}: ${(err as Error).message.replace(`${file}: `, '')}`);
    }
    const fields = line.split(',');
    const header = isKlinesHeader(fields);
    if (
      kind !== 'klines' &&
      !named &&
      !header &&
      !(fields.length === POSITIONAL_KLINE_COLUMNS.width && isNumericRow(fields))
    )
      continue;
    if (header) {
      const cols = klineColumnsFromHeader(fields);
      if (typeof cols === 'string') throw new ImportError(`${file}: line 1: ${cols}`);
    } else if (!isNumericRow(fields)) {
      throw new ImportError(`${file}: line 1: not a klines header or row: "${line.slice(0, 80)}"`);
    } else if (fields.length !== POSITIONAL_KLINE_COLUMNS.width) {
      throw new ImportError(
        `${file}: line 1: expected ${POSITIONAL_KLINE_COLUMNS.width} klines columns, got ${fields.length}`,
      );
    }
    out.add(file);
  }
  return out;
}

/**
 * Imports one data.binance.vision klines file (CSV or zip, with or without header) as bars
 * of its interval (../shared/specs/scanner.md). The whole file is one transaction: a row
 * with the wrong number of columns fails the file and stores nothing from it; rows with
 * impossible values are rejected and counted, as trades are.
 */
export async function importKlinesFile(
  file: string,
  fileIndex: number,
  fileCount: number,
  opts: ImportOptions,
): Promise<FileImportReport> {
  let source;
  try {
    source = await openLineSource(file);
  } catch (err) {
    throw new ImportError(`${file}: ${(err as Error).message.replace(`${file}: `, '')}`);
  }
  const symbol = opts.symbol?.toUpperCase() ?? symbolFromFileName(source.innerName) ?? symbolFromFileName(file);
  if (!symbol) throw new ImportError(`${file}: cannot tell the symbol from the file name; pass --symbol`);
  const interval = klineIntervalFromFileName(source.innerName) ?? klineIntervalFromFileName(file);
  let tf: Timeframe | null = null;
  if (interval !== null) {
    tf = klineTimeframe(interval);
    if (!tf) throw new ImportError(`${file}: ${interval} klines have no Tickscope timeframe (${TIMEFRAMES.join(' ')})`);
  }
  const report = emptyFileReport(file, 'csv', [symbol], 'klines');
  let cols: KlineColumns = POSITIONAL_KLINE_COLUMNS;
  let lineNo = 0;
  let seenData = false;
  let zeroVolume = 0;
  const bars: Bar[] = [];
  const reject = (reason: string): void => {
    report.rejected++;
    (report.rejectReasons[reason] ??= { count: 0, firstLine: lineNo }).count++;
  };
  for await (const line of source.lines) {
    lineNo++;
    if (opts.signal?.aborted) throw new ImportError(`${file}: cancelled; nothing stored from this file`);
    if (line.trim().length === 0) continue;
    const fields = line.split(',');
    if (!seenData && isKlinesHeader(fields)) {
      const c = klineColumnsFromHeader(fields);
      if (typeof c === 'string') throw new ImportError(`${file}: line ${lineNo}: ${c}`);
      cols = c;
      seenData = true;
      continue;
    }
    seenData = true;
    if (fields.length !== cols.width)
      throw new ImportError(
        `${file}: line ${lineNo}: expected ${cols.width} klines columns, got ${fields.length}; nothing stored from this file`,
      );
    report.rows++;
    const r = parseKlineRow(fields, cols);
    if ('reject' in r) {
      reject(r.reject);
      continue;
    }
    if (tf === null) {
      tf = timeframeOfSpan(r.kline.closeTime - r.kline.openTime + 1);
      if (!tf)
        throw new ImportError(
          `${file}: line ${lineNo}: klines of ${r.kline.closeTime - r.kline.openTime + 1} ms have no Tickscope timeframe; name the file SYMBOL-<interval>-<date>.csv`,
        );
    }
    const problem = klineIntervalProblem(r.kline, tf);
    if (problem) {
      reject(problem);
      continue;
    }
    const bar = klineBar(symbol, tf, r.kline);
    if (bar) bars.push(bar);
    else zeroVolume++;
    if (report.rows % 5000 === 0)
      opts.onProgress?.({ file, fileIndex, files: fileCount, rows: report.rows, ...source.progress() });
  }
  const counts = createKlineBarWriter(opts.store).write(bars);
  report.alreadyPresent = counts.updatedBars;
  report.klines = { tf, zeroVolume, ...counts };
  opts.onProgress?.({ file, fileIndex, files: fileCount, rows: report.rows, ...source.progress() });
  return report;
}
