import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ImportError, importFiles } from '../../engine/import/importFiles';
import type { CsvKind } from '../../core/binance';
import { CliFailure, UsageError, type CliCommand, type CliContext } from '../context';
import { parseSymbols, openStoreForCli, resolveDbPath } from '../flags';
import { klinesLine } from './importKlinesReport';
import { progressBar } from './progress';

export const summary = 'Import Binance bulk CSV/zip files and recorded stream logs';

export const help = `Usage: tickscope import FILE... [--symbol SYM] [--kind trades|aggTrades|klines] [--db PATH] [--json]

Imports data.binance.vision UM trades/aggTrades/klines CSVs (with or without header, or the .zip that
holds one) and recorded stream logs (JSONL combined-stream messages, optionally prefixed by a
receive time in ns and a space, optionally .gz). Importing the same data twice stores it once;
bars are built for every timeframe. Prints how many ticks were new, already present and
rejected (with reasons and the first line of each).

  --symbol SYM   symbol of the rows (default: the file name up to the first "-");
                 for stream logs, import only this symbol
  --kind K       trades, aggTrades or klines, for header-less CSVs whose name does not say
                 (klines files SYMBOL-1m-2024-08-08.csv|zip become bars of their interval;
                 zero-volume klines are not bars, and bars built from trades are kept)
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
  if (positionals.length === 0) throw new UsageError('no FILE given; e.g. tickscope import BTCUSDT-trades-2024-08-08.zip');
  const symbol = values.symbol !== undefined ? parseSymbols(values.symbol, '--symbol')[0] : undefined;
  if (values.symbol !== undefined && values.symbol.includes(',')) throw new UsageError('--symbol takes one symbol');
  if (values.kind !== undefined && values.kind !== 'trades' && values.kind !== 'aggTrades' && values.kind !== 'klines') {
    throw new UsageError(`--kind: "${values.kind}" is not trades, aggTrades or klines`);
  }
  for (const f of positionals) if (!existsSync(f)) throw new CliFailure(`${f}: no such file`);
  const dbPath = resolveDbPath(values.db, ctx);
  const store = openStoreForCli(dbPath);
  const bar = progressBar(ctx, 'import');
  let report;
  try {
    report = await importFiles(positionals, {
      store,
      symbol,
      kind: values.kind as CsvKind | 'klines' | undefined,
      signal: ctx.signal,
      onProgress: (p) => bar.update(p.done, p.total),
    });
  } catch (err) {
    throw new CliFailure(err instanceof ImportError ? err.message : `import failed: ${(err as Error).message}`);
  } finally {
    bar.stop();
    store.close();
  }
  if (values.json) {
    ctx.stdout.write(JSON.stringify(report) + '\n');
  } else {
    for (const f of report.files) {
      if (f.klines) ctx.stdout.write(klinesLine(f.file, f.symbols[0] ?? '-', f.klines, f.rejected));
      else ctx.stdout.write(
        `${f.file}: ${f.symbols.join(',') || '-'} ${f.kind}: ${f.newTicks} new, ${f.alreadyPresent} already present, ${f.rejected} rejected` +
          (f.ignored ? `, ${f.ignored} non-trade messages skipped` : '') +
          '\n',
      );
      for (const [reason, r] of Object.entries(f.rejectReasons)) {
        ctx.stdout.write(`  rejected ${r.count}x: ${reason} (first at line ${r.firstLine})\n`);
      }
    }
    if (report.files.length > 1) {
      ctx.stdout.write(`total: ${report.newTicks} new, ${report.alreadyPresent} already present, ${report.rejected} rejected\n`);
    }
  }
  return 0;
}

export const command: CliCommand = { summary, help, run };
