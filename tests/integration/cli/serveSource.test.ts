import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { createWsApi } from '../../../src/renderer/api/wsApi';
import { REPO_ROOT, startServe } from '../../support/serveProcess';
import { syntheticTicks } from '../../support/syntheticTrades';

// ../shared/specs/cli.md: `serve` prints its source and database at start; the demo never
// writes into a database you named; `--source none` opens a database just to browse it.
let dir: string;
let db: string;
/** Binance "unreachable" without leaving the machine: a loopback port nothing listens on. */
let offline: NodeJS.ProcessEnv;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-serve-source-'));
  db = join(dir, 'my.db');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  // Also keeps a developer's TICKSCOPE_DB out of the child.
  offline = {
    TICKSCOPE_WS_URL: `ws://127.0.0.1:${port}`,
    TICKSCOPE_REST_URL: `http://127.0.0.1:${port}`,
    TICKSCOPE_DB: join(dir, 'env.db'),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A real database holding 300 imported BTCUSDT trades. */
async function seedDb(): Promise<void> {
  const e = await Engine.open({ dbPath: db, source: { kind: 'none' } });
  e.ingestor.push(syntheticTicks({ count: 300, seed: 5 }));
  await e.stop();
}

function contents(path: string): Record<string, number> {
  const store = openStore(path, { readonly: true });
  try {
    return Object.fromEntries(store.listSymbols().map((s) => [s, store.countTicks({ symbol: s })]));
  } finally {
    store.close();
  }
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('tickscope serve: source and database', () => {
  it('with no --source runs live into --db, never the demo; an unreachable Binance is said, and nothing simulated is stored', async () => {
    await seedDb();
    const serve = await startServe(['--db', db], offline);
    try {
      expect(serve.source).toBe('live');
      expect(serve.db).toBe(db);
      const api = createWsApi(serve.wsUrl, WebSocket as never);
      await api.ready();
      const status = await api.invoke('system.getStatus', {});
      api.close();
      expect(status).toMatchObject({ source: 'live', dbPath: db });
      expect(status.sourceError).toBeTruthy();
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(serve.stderr.join('\n')).toMatch(/the live source did not start/);
    // Before: the demo stored ~24k simulated BTCUSDT/ETHUSDT ticks here.
    expect(contents(db)).toEqual({ BTCUSDT: 300 });
  });

  it('--source demo runs on a temporary database of its own and never creates or writes --db', async () => {
    const serve = await startServe(['--source', 'demo', '--db', db], offline);
    let demoDb = '';
    try {
      expect(serve.source).toBe('demo');
      demoDb = serve.db;
      expect(demoDb).not.toBe(db);
      expect(existsSync(demoDb)).toBe(true);
      const api = createWsApi(serve.wsUrl, WebSocket as never);
      await api.ready();
      await expect
        .poll(async () => (await api.invoke('market.listSymbols', {})).symbols)
        .toEqual(['DEMOBTC', 'DEMOETH']);
      api.close();
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(existsSync(db)).toBe(false);
    expect(existsSync(demoDb)).toBe(false);
  });

  it('--source none browses --db and leaves the file byte for byte as it was', async () => {
    await seedDb();
    const before = sha(db);
    const serve = await startServe(['--source', 'none', '--db', db], offline);
    try {
      expect(serve).toMatchObject({ source: 'none', db });
      const api = createWsApi(serve.wsUrl, WebSocket as never);
      await api.ready();
      expect((await api.invoke('market.listSymbols', {})).symbols).toEqual(['BTCUSDT']);
      expect((await api.invoke('market.getBars', { symbol: 'BTCUSDT', tf: '1m' })).bars.length).toBeGreaterThan(0);
      expect((await api.invoke('alerts.listRules', {})).rules).toEqual([]);
      api.close();
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(sha(db)).toBe(before);
    expect(contents(db)).toEqual({ BTCUSDT: 300 });
  });

  it('--source none on a database that does not exist is bad usage, and creates nothing', () => {
    const r = spawnSync(
      process.execPath,
      [resolve(REPO_ROOT, 'bin/tickscope.mjs'), 'serve', '--port', '0', '--source', 'none', '--db', db],
      {
        encoding: 'utf8',
        cwd: REPO_ROOT,
        env: { ...process.env, ...offline },
        // A serve that wrongly starts must not hang the suite (a safety net, not a timing check).
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`--source none browses an existing database: ${db} does not exist`),
    ]);
    expect(existsSync(db)).toBe(false);
  });

  it('live refuses the demo names as bad usage', () => {
    const r = spawnSync(
      process.execPath,
      [resolve(REPO_ROOT, 'bin/tickscope.mjs'), 'serve', '--port', '0', '--symbols', 'btcusdt,demoeth', '--db', db],
      {
        encoding: 'utf8',
        cwd: REPO_ROOT,
        env: { ...process.env, ...offline },
        // A serve that wrongly starts must not hang the suite (a safety net, not a timing check).
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("DEMOETH is the demo's simulated symbol, not a Binance one");
    expect(existsSync(db)).toBe(false);
  });

  it('prints the source and the database as text at start', async () => {
    const child = spawn(
      process.execPath,
      [resolve(REPO_ROOT, 'bin/tickscope.mjs'), 'serve', '--port', '0', '--source', 'demo', '--db', db],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...offline },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const lines: string[] = [];
    await new Promise<void>((done) => {
      createInterface({ input: child.stdout! }).on('line', (l) => {
        lines.push(l);
        if (l.startsWith('API:')) done();
      });
      void exited.then(() => done());
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^Source: demo \(simulated DEMOBTC\/DEMOETH, not market data\) · database: \S+demo\.db \(temporary, deleted at exit; /,
    );
    expect(lines[0]).toContain(`${db} is not touched)`);
    expect(lines[1]).toMatch(/^Tickscope dashboard: http:\/\/127\.0\.0\.1:\d+/);
  });
});
