import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { syntheticTicks } from '../../support/syntheticTrades';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('an engine without the app services (what tickscope record opens)', () => {
  it('stores and builds bars, runs no analytics, alerts or backtests, and says so on their channels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-recorder-'));
    dirs.push(dir);
    const engine = await Engine.open({
      dbPath: join(dir, 'r.db'),
      source: { kind: 'none' },
      services: { analytics: false, alerts: false, backtests: false },
      statusEveryMs: 0,
      ingestFlushMs: 20,
    });
    await engine.start();
    engine.ingestor.push(syntheticTicks({ count: 200, seed: 9 }));
    engine.ingestor.flush();
    expect(engine.store.countTicks({ symbol: 'BTCUSDT' })).toBe(200);
    expect(engine.store.getBars({ symbol: 'BTCUSDT', tf: '1m' }).length).toBeGreaterThan(0);
    // No analytics worker checkpoints the WAL here: SQLite keeps doing it as it writes.
    expect(engine.store.db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(0);
    expect(() => engine.analytics).toThrow(/runs without analytics/);
    expect(() => engine.alerts).toThrow(/runs without alerts/);
    const watch = await engine.dispatcher.dispatch('analytics.watchPair', {
      y: 'BTCUSDT',
      x: 'ETHUSDT',
      tf: '1m',
      window: 60,
    });
    expect(watch).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel', message: expect.stringContaining('not served here') },
    });
    const rules = await engine.dispatcher.dispatch('alerts.listRules', {});
    expect(rules).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect((await engine.dispatcher.dispatch('market.listSymbols', {})).ok).toBe(true);
    await engine.stop();
  });

  it('start({ sourceFailure: "throw" }) throws a source that cannot start instead of logging it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-recorder-'));
    dirs.push(dir);
    const engine = await Engine.open(
      {
        dbPath: join(dir, 'f.db'),
        source: { kind: 'none' },
        services: { analytics: false, alerts: false, backtests: false },
      },
      async () => ({
        kind: 'live',
        start: () => Promise.reject(new Error('not a trading USD-M futures symbol: NOPEUSDT')),
        stop: async () => undefined,
        status: () => [],
      }),
    );
    const logs: string[] = [];
    engine.hub.subscribe((event, payload) => {
      if (event === 'system.onDidLog') logs.push((payload as { message: string }).message);
    });
    await expect(engine.start({ sourceFailure: 'throw' })).rejects.toThrow(
      'not a trading USD-M futures symbol: NOPEUSDT',
    );
    expect(logs).toEqual([]);
    expect(engine.status().sourceError).toBe('not a trading USD-M futures symbol: NOPEUSDT');
    await engine.stop();
  });
});
