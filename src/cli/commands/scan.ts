import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_SCAN_OPTIONS, type ScanOptions } from '../../core/scanner/types';
import { ScanCancelledError } from '../../engine/scanner/scanPool';
import { scanStore, type ScanReport } from '../../engine/scanner/scanStore';
import { DEFAULT_SCAN_BARS, ScanInputError } from '../../engine/scanner/universe';
import { TIMEFRAMES, type Timeframe } from '../../shared/market';
import { CliFailure, UsageError, type CliCommand, type CliContext } from '../context';
import { openStoreForCli, parseSymbols, parseTime, resolveDbPath } from '../flags';
import { progressBar } from './progress';
import { scanCsv, scanJson, scanSummary, scanTable } from './scanFormat';

const help = `Usage: tickscope scan [--symbols LIST|all] --tf TF [--from T --to T | --bars N]
                     [--min-coverage F] [--min-points N] [--fdr Q] [--json] [--out FILE] [--db PATH]

Screens every pair of a universe on stored bars: aligns each
pair on ln(close), skips pairs whose legs lack coverage or points, runs Engle-Granger both
ways (pair p = min(1, 2*min(p_ab, p_ba))), fits ln y on ln x in the better direction
(beta, alpha, half-life, z of the last point, mean crossings), and adjusts the p-values for
the number of pairs tested (Benjamini-Hochberg q). Rows are sorted by q, then p. Runs on
every core in worker threads; Ctrl-C cancels.

  --symbols LIST   comma-separated symbols, or all (default): every symbol with TF bars in the range
  --tf TF          timeframe: ${TIMEFRAMES.join(' ')}
  --from T --to T  bar starts in [from, to), epoch ms or ISO 8601 (both or neither)
  --bars N         without --from/--to: the last N intervals ending at the latest stored bar
                   of the universe (default ${DEFAULT_SCAN_BARS})
  --min-coverage F share of the aligned intervals in which each leg must have its own bar
                   (0 < F <= 1, default ${DEFAULT_SCAN_OPTIONS.minCoverage})
  --min-points N   fewest aligned points a pair needs (default ${DEFAULT_SCAN_OPTIONS.minPoints}, at least 20)
  --fdr Q          false-discovery rate: significant = q <= Q (0 < Q <= 1, default ${DEFAULT_SCAN_OPTIONS.fdr})
  --json           print the scan as one JSON document: universe, tf, from, to, options, tested,
                   elapsedMs, pairs [{a, b, y, x, n, corr, coint: {ab: {stat, pvalue}, ba: {...}},
                   pvalue, qvalue, significant, beta, alpha, halfLife, zLast, crossings}],
                   excluded [{a, b, reason}]
  --out FILE       write the scan to FILE instead: CSV for *.csv (tested pairs, then excluded
                   pairs with their reason), the JSON document for *.json; prints a summary
  --db PATH        SQLite database (default: the desktop app's database)

Exit status: 0 scanned, 1 nothing to scan (unknown symbol, no bars in the range, one symbol)
or cancelled, 2 bad flags. Nothing is written when the scan fails.
`;

interface Parsed {
  symbols: string[] | 'all';
  tf: Timeframe;
  from?: number;
  to?: number;
  bars?: number;
  options: ScanOptions;
  json: boolean;
  out?: { path: string; format: 'csv' | 'json' };
  db?: string;
}

function parse(argv: string[]): Parsed {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      symbols: { type: 'string' },
      tf: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      bars: { type: 'string' },
      'min-coverage': { type: 'string' },
      'min-points': { type: 'string' },
      fdr: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      db: { type: 'string' },
    },
  });
  if (values.tf === undefined) throw new UsageError(`--tf is required (one of ${TIMEFRAMES.join(' ')})`);
  if (!(TIMEFRAMES as readonly string[]).includes(values.tf))
    throw new UsageError(`--tf: "${values.tf}" is not one of ${TIMEFRAMES.join(' ')}`);
  const symbols =
    values.symbols === undefined || values.symbols.toLowerCase() === 'all'
      ? 'all'
      : [...new Set(parseSymbols(values.symbols))];
  if (symbols !== 'all' && symbols.length < 2)
    throw new UsageError(`--symbols: a scan needs at least two symbols (got ${symbols.join(',') || 'none'})`);
  const from = parseTime(values.from, '--from');
  const to = parseTime(values.to, '--to');
  if ((from === undefined) !== (to === undefined))
    throw new UsageError('--from and --to go together (or use --bars N)');
  if (from !== undefined && values.bars !== undefined)
    throw new UsageError('--bars cannot be combined with --from/--to');
  if (from !== undefined && to !== undefined && !(from < to)) throw new UsageError('--from must be before --to');
  const bars = values.bars === undefined ? undefined : integer(values.bars, '--bars', 2);
  const minCoverage = share(values['min-coverage'], '--min-coverage', DEFAULT_SCAN_OPTIONS.minCoverage);
  const minPoints =
    values['min-points'] === undefined
      ? DEFAULT_SCAN_OPTIONS.minPoints
      : integer(values['min-points'], '--min-points', 20);
  const fdr = share(values.fdr, '--fdr', DEFAULT_SCAN_OPTIONS.fdr);
  let out: Parsed['out'];
  if (values.out !== undefined) {
    const format = /\.csv$/i.test(values.out) ? 'csv' : /\.json$/i.test(values.out) ? 'json' : null;
    if (!format) throw new UsageError(`--out: "${values.out}" must end in .csv or .json`);
    out = { path: values.out, format };
  }
  return {
    symbols,
    tf: values.tf as Timeframe,
    from,
    to,
    bars,
    options: { minCoverage, minPoints, fdr },
    json: values.json ?? false,
    out,
    db: values.db,
  };
}

function integer(raw: string, name: string, min: number): number {
  const v = Number(raw);
  if (!/^\d+$/.test(raw) || v < min || !Number.isSafeInteger(v))
    throw new UsageError(`${name}: "${raw}" must be an integer of at least ${min}`);
  return v;
}

function share(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !(v > 0 && v <= 1)) throw new UsageError(`${name}: "${raw}" must be a number in (0, 1]`);
  return v;
}

/** Writes beside the target and renames, so a failed write never leaves half a file. */
function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new CliFailure(`--out ${path}: ${(err as Error).message}`);
  }
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const p = parse(argv);
  const dbPath = resolveDbPath(p.db, ctx);
  if (!existsSync(dbPath)) throw new CliFailure(`no database at ${dbPath} (import or fetch bars first, or pass --db)`);
  const store = openStoreForCli(dbPath, { readonly: true });
  const bar = progressBar(ctx, 'scan');
  let report: ScanReport;
  try {
    report = await scanStore(
      store,
      { symbols: p.symbols, tf: p.tf, from: p.from, to: p.to, bars: p.bars, options: p.options },
      { signal: ctx.signal, onProgress: (q) => bar.update(q.done, q.total) },
    );
  } catch (err) {
    if (err instanceof ScanInputError) throw new CliFailure(err.message);
    if (err instanceof ScanCancelledError) throw new CliFailure('scan cancelled; nothing written');
    throw err;
  } finally {
    bar.stop();
    store.close();
  }
  if (p.out) {
    writeAtomically(p.out.path, p.out.format === 'csv' ? scanCsv(report) : scanJson(report) + '\n');
    ctx.stdout.write(`${scanSummary(report)}\nwrote ${p.out.path}\n`);
  } else ctx.stdout.write(p.json ? scanJson(report) + '\n' : scanTable(report));
  return 0;
}

export const command: CliCommand = {
  summary: 'Screen every pair of a universe for cointegration (ranked, FDR-controlled)',
  help,
  run,
};
