import { parseArgs } from 'node:util';
import { DEFAULT_REST_URL } from '../../engine/feed/binanceFeed';
import { FETCH_TIMEFRAMES, FetchError, fetchKlines, type FetchKlinesReport } from '../../engine/fetch/fetchKlines';
import { CliFailure, UsageError, type CliContext } from '../context';
import { openStoreForCli, parseSymbols, resolveDbPath } from '../flags';
import type { FetchSubcommand } from './fetch';
import { progressBar } from './progress';

const usage = `tickscope fetch klines --symbols all|LIST --tf TF --days N [--rest-url URL] [--db PATH] [--json]

  Stores the closed klines of the last N days of each symbol as bars of TF (zero-volume
  klines are not bars; bars built from trades are kept), after each symbol's newest stored
  kline when there is one.
  --symbols S    comma-separated symbols, or all: every TRADING perpetual in exchangeInfo
  --tf TF        ${FETCH_TIMEFRAMES.join(' ')}
  --days N       how far back from now (e.g. 3, or 0.5)
  --rest-url URL REST base (default ${DEFAULT_REST_URL}, or $TICKSCOPE_REST_URL)
  --db PATH      SQLite database (default: the desktop app's database)
  --json         print the report as one JSON document`;

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      symbols: { type: 'string' },
      tf: { type: 'string' },
      days: { type: 'string' },
      'rest-url': { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.symbols) throw new UsageError('--symbols is required: all, or a list like btcusdt,ethusdt');
  const symbols = values.symbols.toLowerCase() === 'all' ? 'all' : [...new Set(parseSymbols(values.symbols))];
  if (values.tf === undefined) throw new UsageError(`--tf is required (${FETCH_TIMEFRAMES.join(' ')})`);
  const tf = FETCH_TIMEFRAMES.find((t) => t === values.tf);
  if (!tf)
    throw new UsageError(`--tf: "${values.tf}" is not one of ${FETCH_TIMEFRAMES.join(' ')} (Binance futures klines)`);
  if (values.days === undefined) throw new UsageError('--days is required (e.g. --days 3)');
  const days = Number(values.days);
  if (values.days.trim() === '' || !(days > 0 && days <= 3650))
    throw new UsageError(`--days: "${values.days}" must be a number of days in (0, 3650]`);
  const restUrl = values['rest-url'] ?? ctx.env.TICKSCOPE_REST_URL ?? DEFAULT_REST_URL;
  if (!/^https?:$/.test(safeProtocol(restUrl)))
    throw new UsageError(`--rest-url: "${restUrl}" is not an http or https URL`);

  const store = openStoreForCli(resolveDbPath(values.db, ctx));
  const bar = progressBar(ctx, `fetch klines ${tf}`);
  let report: FetchKlinesReport;
  try {
    report = await fetchKlines({
      store,
      symbols,
      tf,
      days,
      restUrl,
      signal: ctx.signal,
      onProgress: (p) => bar.update(p.done, p.total),
      onRest: (e) => {
        if (ctx.isTTY && e.type !== 'retry')
          ctx.stderr.write(
            `\nfetch: ${e.type}${e.status ? ` (${e.status})` : ''}, waiting ${Math.ceil(e.waitMs / 1000)} s\n`,
          );
      },
    });
  } catch (err) {
    if (err instanceof FetchError) throw new CliFailure(err.message);
    throw err;
  } finally {
    bar.stop();
    store.close();
  }
  if (!report.complete) {
    const done = report.symbols.length;
    throw new CliFailure(
      `cancelled at symbol ${done} of the universe; ${report.newBars} new bars stored, run the same command to resume`,
    );
  }
  if (values.json) ctx.stdout.write(JSON.stringify(report) + '\n');
  else {
    for (const s of report.symbols) {
      ctx.stdout.write(
        `${s.symbol} ${tf}: ${s.newBars} new bars, ${s.updatedBars} updated, ${s.tradeBarsKept} kept as built from trades, ` +
          `${s.zeroVolume} without volume skipped, ${s.rejected} rejected (${s.requests} requests from ${new Date(s.from).toISOString()})\n`,
      );
    }
    ctx.stdout.write(
      `total: ${report.symbols.length} symbols, ${report.newBars} new bars, ${report.requests} requests` +
        (report.rateLimitWaits ? `, ${report.rateLimitWaits} rate-limit waits` : '') +
        '\n',
    );
  }
  return 0;
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

export const fetchKlinesCommand: FetchSubcommand = { usage, run };
