import { parseArgs } from 'node:util';
import { DEFAULT_REST_URL } from '../../engine/feed/binanceFeed';
import { fetchFundingRates, type FundingFetchReport } from '../../engine/feed/fundingFetch';
import { RestClient, RestError } from '../../engine/feed/restClient';
import { realTimers, TimerSet } from '../../engine/feed/timers';
import { fundingRateStore } from '../../engine/store/fundingRates';
import { CliFailure, UsageError, type CliCommand, type CliContext } from '../context';
import { openStoreForCli, parseSymbols, resolveDbPath } from '../flags';
import { joinNegativeNumbers } from '../numberFlags';
import { progressBar } from './progress';

const DAY_MS = 86_400_000;

const help = `Usage: tickscope fetch funding --symbols LIST --days N [--rest-url URL] [--db PATH] [--json]

Backfills funding-rate history over Binance's REST API (GET /fapi/v1/fundingRate) into the
database, where tickscope backtest finds it (--funding auto). Paced by Binance's used-weight
header; a 429 or 418 answer waits as long as its Retry-After says. Resumable: each symbol
starts after the newest rate already stored in the range, and every page is stored as it
arrives, so an interrupted run loses nothing.

  --symbols LIST   comma-separated symbols (case-insensitive), e.g. btcusdt,ethusdt
  --days N         how far back from now (a positive number of days)
  --rest-url URL   REST base (default ${DEFAULT_REST_URL}, or $TICKSCOPE_REST_URL)
  --db PATH        SQLite database (default: the desktop app's database)
  --json           print the per-symbol report as one JSON document

Exit status: 0 fetched, 1 Binance refused or could not be reached, 2 bad flags.
(fetch klines is not part of this version.)
`;

export const command: CliCommand = {
  summary: 'Backfill funding-rate history over REST (fetch funding)',
  help,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: joinNegativeNumbers(argv, ['--days']),
      allowPositionals: true,
      options: {
        symbols: { type: 'string' },
        days: { type: 'string' },
        'rest-url': { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const what = positionals[0];
    if (what === undefined) throw new UsageError('say what to fetch: tickscope fetch funding --symbols LIST --days N');
    if (what !== 'funding') throw new UsageError(`fetch ${what}: only "fetch funding" is available in this version`);
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
    const symbols = parseSymbols(values.symbols);
    if (symbols.length === 0) throw new UsageError('--symbols is required, e.g. --symbols btcusdt,ethusdt');
    if (values.days === undefined) throw new UsageError('--days is required (how many days back, e.g. 30)');
    const days = Number(values.days);
    if (!/^\d+(\.\d+)?$/.test(values.days) || !(days > 0) || days > 36_500) throw new UsageError(`--days: "${values.days}" must be a positive number of days`);
    const restUrl = values['rest-url'] ?? ctx.env.TICKSCOPE_REST_URL ?? DEFAULT_REST_URL;
    if (!isHttpUrl(restUrl)) throw new UsageError(`--rest-url: "${restUrl}" is not an http or https URL`);

    const store = openStoreForCli(resolveDbPath(values.db, ctx));
    const bar = progressBar(ctx, 'fetch funding');
    const toMs = Date.now();
    const fromMs = toMs - Math.round(days * DAY_MS);
    const rest = new RestClient({
      baseUrl: restUrl,
      timers: new TimerSet(realTimers),
      now: Date.now,
      isStopped: () => ctx.signal?.aborted ?? false,
      onEvent: (e) => ctx.stderr.write(`tickscope fetch: ${e.type}${e.status ? ` (${e.status})` : ''}, waiting ${Math.round(e.waitMs)} ms\n`),
    });
    let reports: FundingFetchReport[];
    try {
      const table = fundingRateStore(store.db);
      if (!table) throw new CliFailure(`${store.path}: the database has no funding table`);
      reports = await fetchFundingRates({
        rest,
        store: table,
        symbols,
        fromMs,
        toMs,
        isStopped: () => ctx.signal?.aborted ?? false,
        onPage: (p) => bar.update(p.reachedMs - fromMs, toMs - fromMs),
      });
    } catch (err) {
      if (err instanceof CliFailure) throw err;
      const why = err instanceof RestError && err.status === 400 ? `${err.message} (unknown symbol?)` : (err as Error).message;
      throw new CliFailure(`fetch funding: ${why}; rates fetched before this are kept`);
    } finally {
      bar.stop();
      store.close();
    }
    printReports(ctx, reports, values.json ?? false);
    return 0;
  },
};

function printReports(ctx: CliContext, reports: FundingFetchReport[], json: boolean): void {
  if (json) {
    ctx.stdout.write(JSON.stringify({ symbols: reports }) + '\n');
    return;
  }
  for (const r of reports) {
    ctx.stdout.write(
      `${r.symbol}: ${r.fetched} funding rates from ${new Date(r.startMs).toISOString()}${r.resumed ? ' (resumed)' : ''}: ` +
        `${r.inserted} new, ${r.alreadyPresent} already present, ${r.rejected} rejected${r.firstReject ? ` (${r.firstReject})` : ''}; ${r.requests} request(s)\n`,
    );
  }
}

function isHttpUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
