import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ImportError, importFiles, noUsableRowReason, usableTicks } from '../../engine/import/importFiles';
import { FundingImportError, importFundingFiles, splitFundingFiles } from '../../engine/import/fundingImport';
import type { CsvKind } from '../../core/binance';
import { CliFailure, UsageError, type CliCommand, type CliContext } from '../context';
import { parseSymbols, openStoreForCli, resolveDbPath } from '../flags';
import { klinesLine } from './importKlinesReport';
import { progressBar } from './progress';

export const summary = 'Import Binance bulk CSV/zip files and recorded stream logs';

export const help = `Usage: tickscope import FILE... [--symbol SYM] [--kind trades|aggTrades|klines|funding] [--db PATH] [--json]

Imports data.binance.vision UM trades/aggTrades/klines CSVs (with or without header, or the .zip that
holds one) and recorded stream logs (JSONL combined-stream messages, optionally prefixed by a
receive time in ns and a space, optionally .gz). Importing the same data twice stores it once;
bars are built for every timeframe. Prints how many ticks were new, already present and
rejected (with reasons and the first line of each). With a header line, CSV columns are read
by name in any order; a header with a column it does not know is refused. Exits 1 when a
file gives no usable row, or holds a line longer than 1 MiB, or is a .zip whose entry would
inflate more than 100x (a zip bomb).

  --symbol SYM   symbol of the rows (default: the file name up to the first "-");
                 for stream logs, import only this symbol
  --kind K       trades, aggTrades or klines, for header-less CSVs whose name does not say
                 (klines files SYMBOL-1m-2024-08-08.csv|zip become bars of their interval;
                 zero-volume klines are not bars, and bars built from trades are kept);
                 funding for fundingRate files (calc_time,funding_interval_hours,
                 last_funding_rate), also found by their name or header
  --db PATH      SQLite database (default: the desktop app's database)
  --json         print the report as one JSON document
`;

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      symbol: { type: 'string' },
      kind: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0)
    throw new UsageError('no FILE given; e.g. tickscope import BTCUSDT-trades-2024-08-08.zip');
  const symbol = values.symbol !== undefined ? parseSymbols(values.symbol, '--symbol')[0] : undefined;
  if (values.symbol !== undefined && values.symbol.includes(',')) throw new UsageError('--symbol takes one symbol');
  if (values.kind !== undefined && !['trades', 'aggTrades', 'klines', 'funding'].includes(values.kind)) {
    throw new UsageError(`--kind: "${values.kind}" is not trades, aggTrades, klines or funding`);
  }
  for (const f of positionals) if (!existsSync(f)) throw new CliFailure(`${f}: no such file`);
  const dbPath = resolveDbPath(values.db, ctx);
  const store = openStoreForCli(dbPath);
  const bar = progressBar(ctx, 'import');
  let report;
  // Funding-rate files go to their own importer (../shared/specs/backtest.md); the rest are ticks.
  const { funding, others } = splitFundingFiles(positionals, values.kind);
  let fundingReports;
  try {
    fundingReports = await importFundingFiles(funding, { store, symbol });
    report = await importFiles(others, {
      store,
      symbol,
      kind: values.kind as CsvKind | 'klines' | undefined,
      signal: ctx.signal,
      onProgress: (p) => bar.update(p.done, p.total),
    });
  } catch (err) {
    throw new CliFailure(
      err instanceof ImportError || err instanceof FundingImportError
        ? err.message
        : `import failed: ${(err as Error).message}`,
    );
  } finally {
    bar.stop();
    store.close();
  }
  if (values.json) {
    ctx.stdout.write(JSON.stringify(funding.length ? { ...report, funding: fundingReports } : report) + '\n');
  } else {
    for (const f of fundingReports) {
      ctx.stdout.write(
        `${f.file}: ${f.symbols.join(',')} funding: ${f.newRates} new, ${f.alreadyPresent} already present, ${f.rejected} rejected\n`,
      );
      for (const [reason, r] of Object.entries(f.rejectReasons))
        ctx.stdout.write(`  rejected ${r.count}x: ${reason} (first at line ${r.firstLine})\n`);
    }
    for (const f of report.files) {
      if (f.klines) ctx.stdout.write(klinesLine(f.file, f.symbols[0] ?? '-', f.klines, f.rejected));
      else
        ctx.stdout.write(
          `${f.file}: ${f.symbols.join(',') || '-'} ${f.kind}: ${f.newTicks} new, ${f.alreadyPresent} already present, ${f.rejected} rejected` +
            (f.ignored ? `, ${f.ignored} non-trade messages skipped` : '') +
            '\n',
        );
      for (const [reason, r] of Object.entries(f.rejectReasons)) {
        ctx.stdout.write(`  rejected ${r.count}x: ${reason} (first at line ${r.firstLine})\n`);
      }
    }
    if (report.files.length > 1) {
      ctx.stdout.write(
        `total: ${report.newTicks} new, ${report.alreadyPresent} already present, ${report.rejected} rejected\n`,
      );
    }
  }
  // A file that gave no tick at all is not data this command understands (package.json gave
  // "72 rejected" and exit 0): the report above says what was found, the exit status says failed.
  const useless = report.files.filter((f) => usableTicks(f) === 0);
  if (useless.length === 1) throw new CliFailure(`${useless[0]!.file}: ${noUsableRowReason(useless[0]!)}`);
  if (useless.length > 1)
    throw new CliFailure(
      `${useless.length} files gave no usable row: ${useless.map((f) => `${f.file} (${noUsableRowReason(f)})`).join('; ')}`,
    );
  return 0;
}

export const command: CliCommand = { summary, help, run };
