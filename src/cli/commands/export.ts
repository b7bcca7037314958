import { parseArgs } from 'node:util';
import { isReaderGone } from '../../engine/export/chunkedWriter';
import { exportBars, exportTicks, type BarExportFormat, type TickExportFormat } from '../../engine/export/exportData';
import { PARQUET_ROW_GROUP_ROWS } from '../../engine/export/parquetTable';
import { writeWholeFile } from '../../engine/export/wholeFile';
import { TIMEFRAMES, type Timeframe } from '../../shared/market';
import { CliFailure, UsageError, type CliCommand, type CliContext } from '../context';
import { parseSymbols, parseTimeRange, openStoreForCli, resolveDbPath } from '../flags';
import { requireStoredData } from '../storedData';

export const summary = 'Export stored ticks or bars as CSV/JSON/Parquet, streaming';

export const help = `Usage: tickscope export ticks --symbol SYM [--from T] [--to T] [--format csv|json|jsonl|parquet] [--out FILE] [--db PATH]
       tickscope export bars  --symbol SYM --tf TF [--from T] [--to T] [--format csv|json|parquet] [--out FILE] [--db PATH]

Streams rows ascending in time (memory stays flat however many rows). Without --out, to stdout.
  ticks CSV columns: ts,symbol,trade_id,price,size,is_buyer_maker
  ticks JSON/JSONL objects: {"symbol","ts","price","size","tradeId","isBuyerMaker"}
  bars CSV columns: ts,open,high,low,close,volume,quote_volume,trades,vwap,buy_volume (ts = bar start)

  --symbol SYM   symbol (case-insensitive)
  --tf TF        bars only: ${TIMEFRAMES.join(' ')}
  --from T       epoch ms or ISO 8601, inclusive (bars: bar start)
  --to T         epoch ms or ISO 8601, inclusive
  --format F     csv (default), json, jsonl (ticks only), parquet
  --out FILE     write to FILE instead of stdout, whole or not at all (written beside it
                 and renamed at the end; a failure leaves FILE as it was)
  --db PATH      SQLite database (default: the desktop app's database)

Parquet (for pandas, polars, DuckDB, Spark): the CSV's columns in the same order, in row
groups of ${PARQUET_ROW_GROUP_ROWS.toLocaleString('en-US')} rows (memory stays bounded), snappy-compressed. Types:
  ts                      INT64 TIMESTAMP(MILLIS, UTC): pandas datetime64[ms, UTC], exact
  trade_id, trades        INT64 (exact; no 2^53 limit as in JSON)
  symbol                  STRING, dictionary-encoded
  is_buyer_maker          BOOLEAN
  price, size, open, high, low, close, volume, quote_volume, vwap, buy_volume   DOUBLE
It is binary, so it goes to --out FILE, or to stdout only when stdout is a pipe or a file
(tickscope export ... --format parquet > f.parquet); to a terminal it is refused (exit 2).

Volumes, quote volume and vwap of bars are given at the symbol's precision (no float noise),
in every format.
Exit status: 0 exported (also when the reader of stdout closes early, as with | head),
1 no data for the symbol or a failure writing, 2 bad flags (also --from after --to, and
--format parquet to a terminal).
`;

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      symbol: { type: 'string' },
      tf: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      db: { type: 'string' },
    },
    allowPositionals: true,
  });
  const what = positionals[0];
  if (what !== 'ticks' && what !== 'bars')
    throw new UsageError(`say what to export: "ticks" or "bars"${what ? ` (not "${what}")` : ''}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (!values.symbol) throw new UsageError('--symbol is required');
  const symbol = parseSymbols(values.symbol, '--symbol')[0]!;
  const { from, to } = parseTimeRange(values);
  const format = values.format!;
  const formats = what === 'ticks' ? ['csv', 'json', 'jsonl', 'parquet'] : ['csv', 'json', 'parquet'];
  if (!formats.includes(format))
    throw new UsageError(`--format: "${format}" is not one of ${formats.join(', ')} for ${what}`);
  // Binary on a terminal is never what anyone wants (and can garble it); a pipe or a
  // redirect is a deliberate choice, and Parquet streams there as well as to a file.
  if (format === 'parquet' && !values.out && (ctx.stdout as { isTTY?: boolean }).isTTY) {
    throw new UsageError('--format parquet is binary: give --out FILE, or redirect stdout to a file or a pipe');
  }
  let tf: Timeframe | undefined;
  if (what === 'bars') {
    if (!values.tf) throw new UsageError(`--tf is required for bars (${TIMEFRAMES.join(' ')})`);
    if (!(TIMEFRAMES as readonly string[]).includes(values.tf))
      throw new UsageError(`--tf: "${values.tf}" is not one of ${TIMEFRAMES.join(' ')}`);
    tf = values.tf as Timeframe;
  } else if (values.tf) throw new UsageError('--tf applies to bars only');

  const dbPath = resolveDbPath(values.db, ctx);
  const store = openStoreForCli(dbPath, { readonly: true });
  try {
    requireStoredData(store, symbol, what === 'ticks' ? 'ticks' : tf!, dbPath);
    const write = (out: NodeJS.WritableStream): Promise<number> =>
      what === 'ticks'
        ? exportTicks(store, out, { symbol, from, to, format: format as TickExportFormat, signal: ctx.signal })
        : exportBars(store, out, { symbol, tf: tf!, from, to, format: format as BarExportFormat, signal: ctx.signal });
    if (values.out) {
      const file = values.out;
      try {
        await writeWholeFile(file, async (out) => {
          const rows = await write(out);
          // Interrupted (SIGINT/SIGTERM): an unfinished file is not an export; keep nothing.
          if (ctx.signal?.aborted) throw new CliFailure(`interrupted; ${file} not written`);
          return rows;
        });
      } catch (err) {
        if (err instanceof CliFailure) throw err;
        const message = err instanceof Error ? err.message : String(err);
        const io = (err as NodeJS.ErrnoException).syscall !== undefined;
        throw new CliFailure(io ? `--out ${file}: ${message}; nothing written` : `${message}; ${file} not written`);
      }
    } else {
      try {
        await write(ctx.stdout);
      } catch (err) {
        // `export ... | head`: the reader has what it wanted; stopping is success, not an error.
        if (isReaderGone(err)) return 0;
        throw err;
      }
    }
  } finally {
    store.close();
  }
  return 0;
}

export const command: CliCommand = { summary, help, run };
