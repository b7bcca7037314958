import { parseArgs } from 'node:util';
import { BinanceFeed, DEFAULT_REST_URL, DEFAULT_WS_URL } from '../../engine/feed/binanceFeed';
import { createIngestor } from '../../engine/ingest/ingestor';
import type { StreamKind } from '../../shared/market';
import { CliFailure, UsageError, type CliCommand, type CliContext } from '../context';
import { parseDuration, parseSymbols, openStoreForCli, resolveDbPath } from '../flags';

export const summary = 'Record live trades from Binance USD-M futures into the database';

export const help = `Usage: tickscope record --symbols btcusdt,ethusdt [--stream aggTrade|trade] [--duration 90s]
                        [--ws-url URL] [--rest-url URL] [--db PATH] [--json]

Connects to Binance USD-M futures and stores every trade, with bars for every timeframe kept
up to date, until --duration passes or SIGINT/SIGTERM; then flushes and exits 0.

  --symbols LIST   comma-separated symbols (case-insensitive), checked against exchangeInfo
  --stream KIND    aggTrade (default; gaps are refilled over REST) or trade (gaps are logged
                   as unfillable: futures has no public REST by trade id)
  --duration D     stop after D (90s, 5m, 2h; plain numbers are seconds); default: until signalled
  --ws-url URL     WebSocket base (default ${DEFAULT_WS_URL}, or $TICKSCOPE_WS_URL)
  --rest-url URL   REST base (default ${DEFAULT_REST_URL}, or $TICKSCOPE_REST_URL)
  --db PATH        SQLite database (default: the desktop app's database)
  --json           print the final summary as one JSON document
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
    onEvent: (e) => {
      if (!ctx.verbose && e.type !== 'gap-unfilled' && e.type !== 'closed') return;
      ctx.stderr.write(`tickscope record: ${describeEvent(e)}\n`);
    },
  });
  try {
    try {
      await feed.start();
    } catch (err) {
      throw new CliFailure((err as Error).message);
    }
    await new Promise<void>((resolve) => {
      const timer = durationMs !== undefined ? setTimeout(resolve, durationMs) : null;
      const onAbort = (): void => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      if (ctx.signal?.aborted) onAbort();
      ctx.signal?.addEventListener('abort', onAbort, { once: true });
    });
  } finally {
    await feed.stop();
    ingestor.close();
  }
  const status = feed.status();
  const gaps = store.listGaps().filter((g) => symbols.includes(g.symbol));
  store.close();
  const result = {
    db: dbPath,
    stream,
    symbols: status.map((s) => ({
      symbol: s.symbol,
      ticksStored: s.ticksStored,
      gapsFound: s.gapsFound,
      gapsFilled: s.gapsFilled,
      rejects: s.rejects,
      unfilledGaps: gaps.filter((g) => g.symbol === s.symbol && g.filledAt === null).length,
    })),
  };
  if (values.json) ctx.stdout.write(JSON.stringify(result) + '\n');
  else {
    for (const s of result.symbols) {
      ctx.stdout.write(
        `${s.symbol}: ${s.ticksStored} ticks stored, ${s.gapsFound} gaps found, ${s.gapsFilled} filled, ${s.unfilledGaps} unfilled, ${s.rejects} rejected\n`,
      );
    }
  }
  return 0;
}

function describeEvent(e: Parameters<NonNullable<ConstructorParameters<typeof BinanceFeed>[0]['onEvent']>>[0]): string {
  switch (e.type) {
    case 'gap-unfilled':
      return `${e.symbol}: ids ${e.fromId}..${e.toId} could not be refilled (${e.reason})`;
    case 'closed':
      return `connection closed (${e.code}${e.reason ? ` ${e.reason}` : ''}); reconnecting in ${e.reconnectInMs} ms`;
    default:
      return JSON.stringify(e);
  }
}

export const command: CliCommand = { summary, help, run };
