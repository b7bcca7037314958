import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine, type SourceConfig } from '../../engine/engine';
import { DEMO_SYMBOLS, demoSymbolRefusal, isDemoSymbol } from '../../shared/demoSymbols';
import { isBusUrl, parseBusUrl, redactText } from '../../engine/bus/busUrl';
import { startApiServer } from '../../engine/serve/apiServer';
import { DownloadRegistry } from '../../engine/serve/downloads';
import { isLoopbackHost } from '../../engine/serve/hostCheck';
import { weakTokenReason } from '../../engine/serve/token';
import { UsageError, type CliCommand } from '../context';
import { packageVersion, parseSymbols, repoRoot, resolveDbPath } from '../flags';

const help = `Usage: tickscope serve [--host 127.0.0.1] [--port 7400] [--symbols btcusdt,ethusdt]
                      [--source live|replay|demo|none|nats://HOST:PORT] [FILE...] [--speed N]
                      [--publish nats://HOST:PORT] [--db PATH]

Runs the engine headless and serves the dashboard and its typed API over HTTP/WebSocket.
Every connection needs the random token printed at start (or --token). Prints its source
and database at start.

  --host H        listen address (default 127.0.0.1: loopback only). Any other address
                  is reachable from other machines over plain HTTP: a warning says so
  --port N        port (default 7400; 0 picks a free one)
  --symbols LIST  symbols for --source live (default btcusdt,ethusdt)
  --source S      live (Binance; the default), replay (recorded stream logs or Tickscope
                  .db files given as FILE..., through the whole pipeline into --db; these
                  are the only files a browser may replay again),
                  demo (a seeded simulated pair, DEMOBTC/DEMOETH, no network, on a
                  temporary database of its own: it never writes into --db), or none
                  (no feed: browse the existing --db; nothing is written), or a tick bus
                  address nats://HOST:PORT[,...] (consume --symbols from NATS JetStream
                  after the last stored sequence; see the README's "Team setup")
  --publish URL   also publish every stored trade to the tick bus at URL (a recorder with
                  a dashboard; never the demo's trades)
  --stream K      aggTrade (default) or trade, for live
  --ws-url URL    replaces wss://fstream.binance.com (also TICKSCOPE_WS_URL)
  --rest-url URL  replaces https://fapi.binance.com (also TICKSCOPE_REST_URL)
  --speed N       replay pacing: 1 real time, 10 ten times faster, 0 as fast as possible (default)
  --token T       use this token instead of a random one (at least 128 bits: 22 random
                  base64url or 32 hex characters)
  --static DIR    dashboard build to serve (default: out/renderer of this checkout)
  --db PATH       the SQLite database
  --retention-days N  delete ticks older than N days (bars are kept), at start and hourly
  --json          print {"url","wsUrl","token","port","source","db"} as one JSON line instead of text
`;

export const command: CliCommand = {
  summary: 'Run the engine headless and serve the dashboard and its API',
  help,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        symbols: { type: 'string' },
        source: { type: 'string' },
        stream: { type: 'string' },
        'ws-url': { type: 'string' },
        'rest-url': { type: 'string' },
        speed: { type: 'string' },
        token: { type: 'string' },
        static: { type: 'string' },
        db: { type: 'string' },
        'retention-days': { type: 'string' },
        json: { type: 'boolean' },
        publish: { type: 'string' },
      },
    });
    const port = Number(values.port ?? 7400);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port: "${values.port}" is not a port number`);
    if (values.token !== undefined) {
      const weak = weakTokenReason(values.token);
      if (weak) throw new UsageError(`--token: ${weak}; omit --token for a random one`);
    }
    if (values.host !== undefined && !isLoopbackHost(values.host)) {
      ctx.stderr.write(
        `tickscope serve: warning: --host ${values.host} is reachable from other machines; the token is the only guard and travels unencrypted (plain HTTP)\n`,
      );
    }
    // Never the demo by default: it would look like market data. Live, or say why not.
    const kind = values.source ?? 'live';
    const givenDb = resolveDbPath(values.db, ctx);
    const dbPath = givenDb === ':memory:' ? givenDb : resolve(givenDb);
    let source: SourceConfig;
    if (kind === 'live') {
      const stream = values.stream ?? 'aggTrade';
      if (stream !== 'aggTrade' && stream !== 'trade')
        throw new UsageError(`--stream: "${stream}" must be aggTrade or trade`);
      const symbols = parseSymbols(values.symbols ?? 'btcusdt,ethusdt');
      const demo = symbols.find(isDemoSymbol);
      if (demo) throw new UsageError(`--symbols: ${demoSymbolRefusal(demo)} (use --source demo)`);
      source = {
        kind: 'live',
        symbols,
        stream,
        wsUrl: values['ws-url'] ?? ctx.env.TICKSCOPE_WS_URL,
        restUrl: values['rest-url'] ?? ctx.env.TICKSCOPE_REST_URL,
      };
    } else if (kind === 'replay') {
      if (positionals.length === 0) throw new UsageError('--source replay needs one or more recorded stream files');
      for (const f of positionals) if (!existsSync(f)) throw new UsageError(`replay file not found: ${f}`);
      if (positionals.some((f) => resolve(f) === dbPath))
        throw new UsageError('replaying a database into itself stores nothing new: give another --db');
      const speed = Number(values.speed ?? 0);
      if (!(speed >= 0)) throw new UsageError(`--speed: "${values.speed}" must be a number >= 0`);
      source = { kind: 'replay', files: positionals, speed };
    } else if (kind === 'demo') {
      source = { kind: 'demo' };
    } else if (kind === 'none') {
      // Browsing a file that is not there is a typo, not an empty database to create.
      if (!existsSync(dbPath))
        throw new UsageError(`--source none browses an existing database: ${dbPath} does not exist`);
      source = { kind: 'none' };
    } else if (isBusUrl(kind)) {
      const symbols = parseSymbols(values.symbols ?? 'btcusdt,ethusdt');
      busAddressOrUsage('--source', kind, ctx.env);
      source = { kind: 'nats', url: kind, symbols, env: ctx.env };
    } else {
      throw new UsageError(`--source: "${redactText(kind)}" must be live, replay, demo, none or a nats:// address`);
    }
    if (values.publish !== undefined) {
      busAddressOrUsage('--publish', values.publish, ctx.env);
      if (source.kind === 'nats')
        throw new UsageError('--source nats://… and --publish together would republish the bus to itself');
    }
    const publish = values.publish !== undefined ? { url: values.publish, env: ctx.env } : undefined;

    const staticDir = resolve(values.static ?? resolve(repoRoot(), 'out/renderer'));
    const hasDashboard = existsSync(resolve(staticDir, 'index.html'));
    if (!hasDashboard)
      ctx.stderr.write(
        `tickscope serve: no dashboard build at ${staticDir} (run "npm run build"); serving the API only\n`,
      );

    const retentionDays = values['retention-days'] === undefined ? undefined : Number(values['retention-days']);
    if (retentionDays !== undefined && !(retentionDays > 0))
      throw new UsageError(`--retention-days: "${values['retention-days']}" must be a positive number`);
    const endpoints = {
      wsUrl: values['ws-url'] ?? ctx.env.TICKSCOPE_WS_URL,
      restUrl: values['rest-url'] ?? ctx.env.TICKSCOPE_REST_URL,
    };
    // Big reads (a day of bars per client) on two worker threads, off the event loop.
    const engine = await Engine.open({
      dbPath,
      source,
      version: packageVersion(),
      retentionDays,
      endpoints,
      readWorkers: 2,
      publish,
    });
    const downloads = new DownloadRegistry();
    engine.setExportTarget(downloads);
    const server = await startApiServer({
      host: values.host,
      port,
      token: values.token,
      dispatcher: engine.dispatcher,
      hub: engine.hub,
      staticDir: hasDashboard ? staticDir : undefined,
      downloads,
      log: (line) => ctx.stderr.write(`tickscope serve: ${line}\n`),
    });
    await engine.start();
    const status = engine.status();
    const info = {
      url: server.url,
      wsUrl: server.wsUrl,
      token: server.token,
      port: server.port,
      source: status.source,
      db: status.dbPath,
    };
    ctx.stdout.write(
      values.json
        ? JSON.stringify(info) + '\n'
        : `${describeSource(source, status.dbPath, dbPath)}\nTickscope dashboard: ${server.url}\nAPI: ${server.wsUrl}\n`,
    );
    if (status.sourceError) {
      ctx.stderr.write(
        `tickscope serve: the ${status.source} source did not start: ${status.sourceError} (the dashboard offers the demo, a replay, or retrying)\n`,
      );
    }

    await new Promise<void>((done) => {
      if (ctx.signal?.aborted) return done();
      ctx.signal?.addEventListener('abort', () => done(), { once: true });
    });
    await server.close();
    await engine.stop();
    return 0;
  },
};

/** One line: where ticks come from and which database holds them. */
function describeSource(source: SourceConfig, db: string, userDb: string): string {
  switch (source.kind) {
    case 'live':
      return `Source: live Binance ${source.symbols.join(', ')} · database: ${db}`;
    case 'replay':
      return `Source: replay of ${source.files.length} file${source.files.length === 1 ? '' : 's'} · database: ${db}`;
    case 'demo':
      return `Source: demo (simulated ${DEMO_SYMBOLS.join('/')}, not market data) · database: ${db} (temporary, deleted at exit; ${userDb} is not touched)`;
    case 'none':
      return `Source: none (browsing, no feed) · database: ${db}`;
    case 'nats':
      return `Source: tick bus ${redactText(source.url)} ${source.symbols.join(', ')} · database: ${db}`;
  }
}

/** A bus address checked at the command line: a typo is bad usage, not a runtime failure. */
function busAddressOrUsage(flag: string, url: string, env: Readonly<Record<string, string | undefined>>): void {
  try {
    parseBusUrl(url, env);
  } catch (err) {
    throw new UsageError(`${flag}: ${(err as Error).message}`);
  }
}
