import { parseArgs } from 'node:util';
import { BinanceFeed, DEFAULT_REST_URL, DEFAULT_WS_URL, type FeedEvent } from '../../engine/feed/binanceFeed';
import { createIngestor } from '../../engine/ingest/ingestor';
import type { SqliteTickStore } from '../../engine/store/sqliteStore';
import type { StreamKind } from '../../shared/market';
import { CliFailure, UsageError, type CliCommand, type CliContext } from '../context';
import { formatSeconds, parseDuration, parseSymbols, openStoreForCli, resolveDbPath } from '../flags';

export const summary = 'Record live trades from Binance USD-M futures into the database';

/** How long record may spend, after the stream is closed, fetching what a last disconnect missed. */
const FINAL_CATCH_UP_MS = 15_000;

export const help = `Usage: tickscope record --symbols btcusdt,ethusdt [--stream aggTrade|trade] [--duration 90s]
                        [--ws-url URL] [--rest-url URL] [--db PATH] [--json]

Connects to Binance USD-M futures and stores every trade, with bars for every timeframe kept
up to date, until --duration passes or SIGINT/SIGTERM. After every (re)connect it fetches
over REST what was published while it was away, whether or not a new trade follows; before
it exits it closes the stream and does that once more (for at most ${FINAL_CATCH_UP_MS / 1000} s), then flushes.
While Binance cannot be reached it keeps retrying (backoff up to 30 s) and says on stderr
what it is waiting for; --duration and signals still end it.

  --symbols LIST   comma-separated symbols (case-insensitive), checked against exchangeInfo
  --stream KIND    aggTrade (default; gaps are refilled over REST) or trade (gaps are logged
                   as unfillable: futures has no public REST by trade id)
  --duration D     stop after D (90s, 5m, 2h; plain numbers are seconds); default: until signalled
  --ws-url URL     WebSocket base (default ${DEFAULT_WS_URL}, or $TICKSCOPE_WS_URL)
  --rest-url URL   REST base (default ${DEFAULT_REST_URL}, or $TICKSCOPE_REST_URL)
  --db PATH        SQLite database (default: the desktop app's database)
  --json           print the final summary as one JSON document

Exit status:
  0  recorded until --duration or a signal; the summary is on stdout. Trades it could not
     fetch are named on stderr, one line each (refill gaps also stay open in the gap log).
  1  never reached Binance in that time ("never reached Binance at URL in 20 s", nothing
     on stdout), an unknown symbol, or the database failed
  2  bad usage
`;

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      symbols: { type: 'string' },
      stream: { type: 'string', default: 'aggTrade' },
      duration: { type: 'string' },
      'ws-url': { type: 'string' },
      'rest-url': { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const symbols = parseSymbols(values.symbols);
  if (symbols.length === 0) throw new UsageError('--symbols is required, e.g. --symbols btcusdt,ethusdt');
  if (values.stream !== 'aggTrade' && values.stream !== 'trade') throw new UsageError(`--stream: "${values.stream}" is not aggTrade or trade`);
  const stream = values.stream as StreamKind;
  const durationMs = parseDuration(values.duration, '--duration');
  const wsUrl = values['ws-url'] ?? ctx.env.TICKSCOPE_WS_URL ?? DEFAULT_WS_URL;
  const restUrl = values['rest-url'] ?? ctx.env.TICKSCOPE_REST_URL ?? DEFAULT_REST_URL;
  for (const [flag, url, schemes] of [
    ['--ws-url', wsUrl, ['ws:', 'wss:']],
    ['--rest-url', restUrl, ['http:', 'https:']],
  ] as const) {
    let ok = false;
    try {
      ok = (schemes as readonly string[]).includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`${flag}: "${url}" is not a ${schemes.join(' or ')} URL`);
  }

  const dbPath = resolveDbPath(values.db, ctx);
  const store = openStoreForCli(dbPath);
  const ingestor = createIngestor({
    store,
    onError: (err) => ctx.stderr.write(`tickscope record: storing ticks failed: ${(err as Error).message}\n`),
  });
  const feed = new BinanceFeed({
    symbols,
    stream,
    wsUrl,
    restUrl,
    sink: ingestor,
    store,
    waitForExchange: true,
    onEvent: (e) => {
      const line = describeEvent(e, ctx.verbose ?? false);
      if (line) ctx.stderr.write(`tickscope record: ${line}\n`);
    },
  });
  const startedAt = Date.now();
  const stopRequest = waitForStop(durationMs, ctx.signal);
  let summary: RecordSummary | null = null;
  try {
    const started = feed.start();
    try {
      await Promise.race([started, stopRequest.done]);
      await stopRequest.done;
    } catch (err) {
      throw new CliFailure((err as Error).message);
    }
    if (feed.opened > 0) {
      await feed.finish({ catchUpMs: FINAL_CATCH_UP_MS });
      ingestor.flush();
      summary = summarize(feed, store, dbPath, stream, symbols);
    } else await feed.stop();
    // Resolves once stopped, if it was still waiting for exchangeInfo.
    await started.catch(() => undefined);
  } finally {
    stopRequest.cancel();
    await feed.stop();
    ingestor.close();
    store.close();
  }
  if (!summary) {
    // A stream is attempted only once exchangeInfo has answered: name what never did.
    const url = feed.connections > 0 ? wsUrl : restUrl;
    const elapsed = stopRequest.byDuration() ? durationMs! : Date.now() - startedAt;
    throw new CliFailure(`never reached Binance at ${url} in ${formatSeconds(elapsed)}`);
  }
  if (values.json) ctx.stdout.write(JSON.stringify(summary) + '\n');
  else {
    for (const s of summary.symbols) {
      ctx.stdout.write(
        `${s.symbol}: ${s.ticksStored} ticks stored, ${s.gapsFound} gaps found, ${s.gapsFilled} filled, ${s.unfilledGaps} unfilled, ${s.rejects} rejected\n`,
      );
    }
  }
  return 0;
}

type RecordSummary = ReturnType<typeof summarize>;

function summarize(feed: BinanceFeed, store: SqliteTickStore, dbPath: string, stream: StreamKind, symbols: string[]) {
  const gaps = store.listGaps().filter((g) => symbols.includes(g.symbol));
  return {
    db: dbPath,
    stream,
    symbols: feed.status().map((s) => ({
      symbol: s.symbol,
      ticksStored: s.ticksStored,
      gapsFound: s.gapsFound,
      gapsFilled: s.gapsFilled,
      rejects: s.rejects,
      unfilledGaps: gaps.filter((g) => g.symbol === s.symbol && g.filledAt === null).length,
    })),
  };
}

/** Resolves when --duration has passed or the process is signalled, whichever comes first. */
function waitForStop(durationMs: number | undefined, signal: AbortSignal | undefined) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let byDuration = false;
  let onAbort = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    onAbort = (): void => resolve();
    if (durationMs !== undefined)
      timer = setTimeout(() => {
        byDuration = true;
        resolve();
      }, durationMs);
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return {
    done,
    byDuration: () => byDuration,
    cancel: () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** One stderr line per change of state or failed attempt; the rest only with --verbose. */
function describeEvent(e: FeedEvent, verbose: boolean): string | null {
  switch (e.type) {
    case 'unreachable':
      return `cannot reach ${e.url}: ${e.reason}; retrying in ${formatSeconds(e.retryInMs)}`;
    case 'open':
      return `connected to ${e.url}`;
    case 'closed':
      return `connection closed (${e.code}${e.reason ? ` ${e.reason}` : ''}); reconnecting in ${formatSeconds(e.reconnectInMs)}`;
    case 'gap-unfilled':
      return `${e.symbol}: ids ${e.fromId}..${e.toId} could not be refilled (${e.reason})`;
    case 'catch-up-unfinished':
      return `${e.symbol}: trades from id ${e.fromId} on could not be fetched (${e.reason})`;
    default:
      return verbose ? JSON.stringify(e) : null;
  }
}

export const command: CliCommand = { summary, help, run };
