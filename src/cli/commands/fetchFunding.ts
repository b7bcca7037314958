import { parseArgs } from 'node:util';
import { DEFAULT_REST_URL } from '../../engine/feed/binanceFeed';
import { fetchFundingRates, type FundingFetchReport } from '../../engine/feed/fundingFetch';
import { RestClient, RestError } from '../../engine/feed/restClient';
import { realTimers, TimerSet } from '../../engine/feed/timers';
import { fundingRateStore } from '../../engine/store/fundingRates';
import { CliFailure, UsageError, type CliContext } from '../context';
import { openStoreForCli, parseSymbols, resolveDbPath } from '../flags';
import { joinNegativeNumbers } from '../numberFlags';
import type { FetchSubcommand } from './fetch';
import { progressBar } from './progress';

const DAY_MS = 86_400_000;

const usage = `tickscope fetch funding --symbols LIST --days N [--rest-url URL] [--db PATH] [--json]

  Backfills funding-rate history (GET /fapi/v1/fundingRate) into the database, where
  tickscope backtest finds it (--funding auto). Each symbol starts after the newest rate
  already stored in the range.

  --symbols LIST   comma-separated symbols (case-insensitive), e.g. btcusdt,ethusdt
  --days N         how far back from now (a positive number of days)
  --rest-url URL   REST base (default ${DEFAULT_REST_URL}, or $TICKSCOPE_REST_URL)
  --db PATH        SQLite database (default: the desktop app's database)
  --json           print the per-symbol report as one JSON document

  Exit status: 0 fetched, 1 Binance refused or could not be reached, 2 bad flags.
`;

async function run(argv: string[], ctx: CliContext): Promise<number> {
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
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const symbols = parseSymbols(values.symbols);
  if (symbols.length === 0) throw new UsageError('--symbols is required, e.g. --symbols btcusdt,ethusdt');
  if (values.days === undefined) throw new UsageError('--days is required (how many days back, e.g. 30)');
  const days = Number(values.days);
  if (!/^\d+(\.\d+)?$/.test(values.days) || !(days > 0) || days > 36_500)
    throw new UsageError(`--days: "${values.days}" must be a positive number of days`);
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
    onEvent: (e) =>
      ctx.stderr.write(
        `tickscope fetch: ${e.type}${e.status ? ` (${e.status})` : ''}, waiting ${Math.round(e.waitMs)} ms\n`,
      ),
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
    const why =
      err instanceof RestError && err.status === 400 ? `${err.message} (unknown symbol?)` : (err as Error).message;
    throw new CliFailure(`fetch funding: ${why}; rates fetched before this are kept`);
  } finally {
    bar.stop();
    store.close();
  }
  printReports(ctx, reports, values.json ?? false);
  return 0;
}

export const fetchFundingCommand: FetchSubcommand = { usage, run };

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
