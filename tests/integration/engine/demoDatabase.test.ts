import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fallBackToDemoWhenOffline } from '../../../src/engine/demoFallback';
import { Engine } from '../../../src/engine/engine';
import { BinanceFeed } from '../../../src/engine/feed/binanceFeed';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { DEMO_SYMBOLS } from '../../../src/shared/demoSymbols';
import { startFakeBinance } from '../../support/fakeBinance';
import { syntheticTicks } from '../../support/syntheticTrades';

// Issue #11 item 3: simulated trades never share a database with real ones. The demo runs on
// a throwaway database of its own; the user's (dbPath) only ever holds what real sources wrote.
let dir: string;
let demoDir: string;
let realDb: string;
let engine: Engine | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-demo-db-'));
  demoDir = join(dir, 'demo-area');
  realDb = join(dir, 'real.db');
});
afterEach(async () => {
  await engine?.stop();
  engine = null;
  rmSync(dir, { recursive: true, force: true });
});

/** A real database holding 500 imported BTCUSDT trades. */
async function seedRealDb(): Promise<void> {
  const e = await Engine.open({ dbPath: realDb, source: { kind: 'none' } });
  e.ingestor.push(syntheticTicks({ count: 500, seed: 3 }));
  await e.stop();
}

function realDbContents(): { symbols: string[]; ticks: number } {
  const store = openStore(realDb, { readonly: true });
  try {
    const symbols = store.listSymbols();
    return { symbols, ticks: symbols.reduce((n, symbol) => n + store.countTicks({ symbol }), 0) };
  } finally {
    store.close();
  }
}

const demoFolders = () => (existsSync(demoDir) ? readdirSync(demoDir) : []);

describe('the demo runs on a database of its own', () => {
  it('started as the demo, the engine never creates or writes the database it was given', async () => {
    engine = await Engine.open({ dbPath: realDb, demoDir, source: { kind: 'demo', historyMs: 60_000 } });
    await engine.start();
    engine.ingestor.flush();
    const status = engine.status();
    expect(status.source).toBe('demo');
    expect(status.symbols.map((s) => s.symbol)).toEqual([...DEMO_SYMBOLS]);
    expect(dirname(dirname(status.dbPath))).toBe(demoDir);
    expect(engine.store.listSymbols()).toEqual([...DEMO_SYMBOLS].sort());
    expect(engine.store.countTicks({ symbol: DEMO_SYMBOLS[0] })).toBeGreaterThan(100);
    expect(existsSync(realDb)).toBe(false);
    await engine.stop();
    engine = null;
    // The throwaway database goes with the demo.
    expect(demoFolders()).toEqual([]);
    expect(existsSync(realDb)).toBe(false);
  });

  it('switching to the demo and back leaves the real database as it was, and the demo can start again', async () => {
    await seedRealDb();
    const before = realDbContents();
    expect(before).toEqual({ symbols: ['BTCUSDT'], ticks: 500 });

    engine = await Engine.open({ dbPath: realDb, demoDir, source: { kind: 'none' } });
    await engine.start();
    const rules: unknown[] = [];
    engine.hub.subscribe((event, payload) => {
      if (event === 'alerts.onDidChangeRules') rules.push(payload);
    });

    const demo = await engine.dispatcher.dispatch('system.setSource', { kind: 'demo' });
    expect(demo).toMatchObject({ ok: true, result: { source: 'demo', sourceError: null } });
    engine.ingestor.flush();
    const demoPath = engine.status().dbPath;
    expect(demoPath).not.toBe(realDb);
    expect(await engine.dispatcher.dispatch('market.listSymbols', {})).toEqual({
      ok: true,
      result: { symbols: [...DEMO_SYMBOLS].sort() },
    });
    // A rule made while watching the demo belongs to the demo.
    const saved = await engine.dispatcher.dispatch('alerts.saveRule', {
      rule: { name: 'demo level', kind: 'price', symbol: DEMO_SYMBOLS[0], tf: '1m', op: 'above', level: 1 },
    });
    expect(saved).toMatchObject({ ok: true });

    const none = await engine.dispatcher.dispatch('system.setSource', { kind: 'none' });
    expect(none).toMatchObject({ ok: true, result: { source: 'none', dbPath: realDb } });
    expect(existsSync(demoPath)).toBe(false);
    expect(await engine.dispatcher.dispatch('market.listSymbols', {})).toEqual({
      ok: true,
      result: { symbols: ['BTCUSDT'] },
    });
    expect(await engine.dispatcher.dispatch('alerts.listRules', {})).toEqual({ ok: true, result: { rules: [] } });
    // Clients hear of each move (the rules of the database now in use).
    expect(rules.at(-1)).toEqual({ rules: [] });

    // A second demo starts fresh: its restarted trade ids are not taken for duplicates.
    await engine.dispatcher.dispatch('system.setSource', { kind: 'demo' });
    engine.ingestor.flush();
    expect(engine.store.countTicks({ symbol: DEMO_SYMBOLS[1] })).toBeGreaterThan(100);
    await engine.stop();
    engine = null;

    expect(realDbContents()).toEqual(before);
    expect(demoFolders()).toEqual([]);
  });

  it('the app falling back to the demo when Binance is unreachable writes nothing into its database', async () => {
    await seedRealDb();
    const fake = await startFakeBinance({ trades: [] });
    const endpoints = { wsUrl: fake.wsUrl, restUrl: fake.restUrl };
    await fake.close();
    engine = await Engine.open({
      dbPath: realDb,
      demoDir,
      source: { kind: 'live', symbols: ['BTCUSDT', 'ETHUSDT'], ...endpoints },
    });
    await engine.start();
    expect(await fallBackToDemoWhenOffline(engine)).toBe(true);
    engine.ingestor.flush();
    const status = engine.status();
    expect(status).toMatchObject({ source: 'demo', sourceError: null });
    expect(status.notice).toMatch(/demo pair DEMOBTC\/DEMOETH on a temporary database of its own/);
    expect(status.dbPath).not.toBe(realDb);
    expect(engine.store.countTicks({ symbol: DEMO_SYMBOLS[0] })).toBeGreaterThan(100);
    await engine.stop();
    engine = null;
    expect(realDbContents()).toEqual({ symbols: ['BTCUSDT'], ticks: 500 });
  });

  it('live sources refuse the demo names: they are never requested from Binance', async () => {
    engine = await Engine.open({ dbPath: realDb, source: { kind: 'none' } });
    const r = await engine.dispatcher.dispatch('system.setSource', { kind: 'live', symbols: ['btcusdt', 'demoeth'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!r.ok) expect(r.error.message).toContain("DEMOETH is the demo's simulated symbol, not a Binance one");
    await expect(
      Engine.open({ dbPath: join(dir, 'x.db'), source: { kind: 'live', symbols: ['DEMOBTC'] } }),
    ).rejects.toThrow(/DEMOBTC is the demo's simulated symbol/);
    // The feed itself (record, serve, the app all go through it) neither subscribes to nor refills them.
    const sink = { push: () => undefined, reject: () => undefined };
    expect(() => new BinanceFeed({ symbols: ['BTCUSDT', 'demobtc'], sink })).toThrow(
      /DEMOBTC is the demo's simulated symbol/,
    );
    const feed = new BinanceFeed({ symbols: ['BTCUSDT'], sink });
    await expect(feed.addSymbol('DEMOETH')).rejects.toThrow(/DEMOETH is the demo's simulated symbol/);
    expect(feed.status().map((s) => s.symbol)).toEqual(['BTCUSDT']);
  });
});
