import { parseArgs } from 'node:util';
import { BinanceFeed, DEFAULT_REST_URL, DEFAULT_WS_URL, type FeedEvent } from '../../engine/feed/binanceFeed';
import { isBusUrl, parseBusUrl, redactText, type BusAddress } from '../../engine/bus/busUrl';
import { NatsTickSource } from '../../engine/bus/natsSource';
import { Engine, type EngineOptions, type SourceFactory } from '../../engine/engine';
import { tickSubject } from '../../core/bus/tickMessage';
import { DamagedDatabaseError, type SqliteTickStore } from '../../engine/store/sqliteStore';
import type { StreamKind } from '../../shared/market';
import { CliFailure, UsageError, type CliCommand, type CliContext } from '../context';
import { formatSeconds, parseDuration, parseSymbols, resolveDbPath } from '../flags';

export const summary = 'Record live trades from Binance USD-M futures into the database';

/** How long record may spend, after the stream is closed, fetching what a last disconnect missed. */
const FINAL_CATCH_UP_MS = 15_000;

export const help = `Usage: tickscope record --symbols btcusdt,ethusdt [--stream aggTrade|trade] [--duration 90s]
                        [--ws-url URL] [--rest-url URL] [--publish nats://HOST:PORT[,...]]
                        [--replicas N] [--source nats://HOST:PORT] [--db PATH] [--json]

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

The tick bus (NATS JetStream; see the README's "Team setup"):
  --publish URL    also publish every stored trade (live and refilled) to stream TICKS,
                   subject ticks.binance-um.<SYMBOL>, waiting for each acknowledgement.
                   Unacknowledged trades stay queued in the database and go out after a
                   reconnect or at the next start. The server may come up later.
  --replicas N     replicas when the stream is created (1; 3 on a 3-node cluster)
  --source URL     consume the symbols from the bus instead of Binance, into --db, from
                   after the last stored sequence (a desk without its own Binance feed)
  Credentials: nats://user:pass@host, nats://TOKEN@host, or $TICKSCOPE_NATS_USER and
  $TICKSCOPE_NATS_PASSWORD, $TICKSCOPE_NATS_TOKEN, $TICKSCOPE_NATS_CREDS (a .creds file).
  tls:// requires TLS. Credentials are never printed.

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
      publish: { type: 'string' },
      replicas: { type: 'string' },
      source: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const symbols = parseSymbols(values.symbols);
  if (symbols.length === 0) throw new UsageError('--symbols is required, e.g. --symbols btcusdt,ethusdt');
  const bus = parseBusFlags(values, ctx);
  if (bus.source) return recordFromBus(bus.source, symbols, values, ctx);
  if (values.stream !== 'aggTrade' && values.stream !== 'trade')
    throw new UsageError(`--stream: "${values.stream}" is not aggTrade or trade`);
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
  const onEvent = (e: FeedEvent): void => {
    const line = describeEvent(e, ctx.verbose ?? false);
    if (line) ctx.stderr.write(`tickscope record: ${line}\n`);
  };
  let made: BinanceFeed | null = null;
  const engine = await openRecorder(
    ctx,
    {
      dbPath,
      source: { kind: 'live', symbols, stream, wsUrl, restUrl },
      publish: bus.publish ? { url: values.publish!, replicas: bus.replicas, env: ctx.env } : undefined,
      // A publishing recorder stores every 20 ms: the batch wait is most of a trade's delay to
      // the desks (../shared/specs/tick-bus.md), and small batches cost SQLite little.
      ingestFlushMs: bus.publish ? 20 : undefined,
    },
    // The engine's live source, waiting for Binance as long as it is asked to record.
    async (_config, { store, sink }) =>
      (made = new BinanceFeed({ symbols, stream, wsUrl, restUrl, sink, store, waitForExchange: true, onEvent })),
  );
  const feed = made! as BinanceFeed;
  if (bus.publish) ctx.stderr.write(`tickscope record: publishing to ${bus.publish.redacted}\n`);
  const startedAt = Date.now();
  const stopRequest = waitForStop(durationMs, ctx.signal);
  let summary: RecordSummary | null = null;
  try {
    const started = engine.start({ sourceFailure: 'throw' });
    try {
      await Promise.race([started, stopRequest.done]);
      await stopRequest.done;
    } catch (err) {
      throw new CliFailure((err as Error).message);
    }
    if (feed.opened > 0) {
      await feed.finish({ catchUpMs: FINAL_CATCH_UP_MS });
      engine.ingestor.flush();
      summary = summarize(feed, engine.store, dbPath, stream, symbols);
    } else await feed.stop();
    // Resolves once stopped, if it was still waiting for exchangeInfo.
    await started.catch(() => undefined);
  } finally {
    stopRequest.cancel();
    await feed.stop();
    // Flushes the last batch, waits (bounded) for the bus to acknowledge it, closes the file.
    await engine.stop();
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

interface BusFlags {
  publish?: BusAddress;
  source?: BusAddress;
  replicas?: number;
}

function parseBusFlags(
  values: { publish?: string; source?: string; replicas?: string; stream?: string },
  ctx: CliContext,
): BusFlags {
  const address = (flag: string, url: string): BusAddress => {
    try {
      return parseBusUrl(url, ctx.env, ctx.env.TICKSCOPE_NATS_CREDS);
    } catch (err) {
      throw new UsageError(`${flag}: ${(err as Error).message}`);
    }
  };
  const out: BusFlags = {};
  if (values.publish !== undefined) out.publish = address('--publish', values.publish);
  if (values.source !== undefined) {
    if (!isBusUrl(values.source))
      throw new UsageError(
        `--source: "${redactText(values.source)}" is not a nats:// or tls:// address (record's Binance feed is the default)`,
      );
    if (out.publish) throw new UsageError('--source nats://… and --publish together would republish the bus to itself');
    out.source = address('--source', values.source);
  }
  if (values.replicas !== undefined) {
    const n = Number(values.replicas);
    if (!out.publish) throw new UsageError('--replicas goes with --publish');
    if (n !== 1 && n !== 3 && n !== 5) throw new UsageError(`--replicas: "${values.replicas}" must be 1, 3 or 5`);
    out.replicas = n;
  }
  return out;
}

/**
 * The engine a recorder needs: the store, its ingest pipeline and the tick bus publisher,
 * none of the app's services (no analytics worker, alert rules, backtests or status pushes).
 * What the engine logs (a store that refuses writes, the bus) goes to stderr.
 */
async function openRecorder(
  ctx: CliContext,
  opts: Pick<EngineOptions, 'dbPath' | 'source' | 'publish' | 'ingestFlushMs'>,
  source: SourceFactory,
): Promise<Engine> {
  let engine: Engine;
  try {
    engine = await Engine.open(
      { ...opts, services: { analytics: false, alerts: false, backtests: false }, statusEveryMs: 0 },
      source,
    );
  } catch (err) {
    if (err instanceof DamagedDatabaseError) throw new CliFailure(err.message);
    throw new CliFailure(`cannot open database ${opts.dbPath}: ${(err as Error).message}`);
  }
  engine.hub.subscribe((event, payload) => {
    if (event === 'system.onDidLog')
      ctx.stderr.write(`tickscope record: ${(payload as { message: string }).message}\n`);
  });
  return engine;
}

/**
 * A desk recording from the bus instead of Binance: every message of the symbols' subjects
 * after the last stored sequence, through the same ingest pipeline, until --duration or a
 * signal. An unreachable server or a missing stream is one line and exit 1.
 */
async function recordFromBus(
  address: BusAddress,
  symbols: string[],
  values: { duration?: string; db?: string; json?: boolean },
  ctx: CliContext,
): Promise<number> {
  const durationMs = parseDuration(values.duration, '--duration');
  const dbPath = resolveDbPath(values.db, ctx);
  let made: NatsTickSource | null = null;
  const onEvent = (m: string): void => void ctx.stderr.write(`tickscope record: ${m}\n`);
  const engine = await openRecorder(
    ctx,
    { dbPath, source: { kind: 'nats', url: address.redacted, symbols } },
    // The engine's bus source, with the address as given (credentials included).
    async (_config, { store, sink }) => (made = new NatsTickSource({ address, symbols, db: store.db, sink, onEvent })),
  );
  const source = made! as NatsTickSource;
  const stopRequest = waitForStop(durationMs, ctx.signal);
  try {
    try {
      await engine.start({ sourceFailure: 'throw' });
    } catch (err) {
      throw new CliFailure((err as Error).message);
    }
    ctx.stderr.write(`tickscope record: consuming ${symbols.join(', ')} from ${address.redacted}\n`);
    await stopRequest.done;
  } finally {
    stopRequest.cancel();
    // Stops the source, flushes (the cursor rides in the last batch), releases it, closes the file.
    await engine.stop();
  }
  const cursors = source.cursors();
  const result = {
    db: dbPath,
    source: address.redacted,
    symbols: source.status().map((s) => ({
      symbol: s.symbol,
      ticksStored: s.ticksStored,
      rejects: s.rejects,
      streamSeq: cursors[tickSubject(s.symbol)] ?? 0,
    })),
  };
  if (values.json) ctx.stdout.write(JSON.stringify(result) + '\n');
  else
    for (const s of result.symbols)
      ctx.stdout.write(
        `${s.symbol}: ${s.ticksStored} ticks stored from the bus (stream sequence ${s.streamSeq}), ${s.rejects} rejected\n`,
      );
  return 0;
}

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
