import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { Engine } from '../../../src/engine/engine';
import { startFakeBinance, tradesFromTicks, type FakeBinance } from '../../support/fakeBinance';

let dir: string;
let fake: FakeBinance;
let engine: Engine;
const start = Date.UTC(2024, 7, 8, 23, 0);
const trades = tradesFromTicks(new CointegratedPairSim({ seed: 4, startMs: start }).advance(start + 2 * 60_000));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-source-'));
  fake = await startFakeBinance({ trades });
});
afterEach(async () => {
  await engine?.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('switching the source at run time', () => {
  it('connects live from an idle engine through the contract and stores every trade', async () => {
    engine = await Engine.open({
      dbPath: join(dir, 'a.db'),
      source: { kind: 'none' },
      endpoints: { wsUrl: fake.wsUrl, restUrl: fake.restUrl },
    });
    await engine.start();
    const r = await engine.dispatcher.dispatch('system.setSource', { kind: 'live', symbols: ['btcusdt', 'ethusdt'] });
    expect(r).toMatchObject({ ok: true, result: { source: 'live', sourceError: null } });
    await fake.finished;
    await expect
      .poll(() => engine.store.countTicks({ symbol: 'BTCUSDT' }) + engine.store.countTicks({ symbol: 'ETHUSDT' }), {
        timeout: 30_000,
      })
      .toBe(trades.length);
    const symbols = await engine.dispatcher.dispatch('market.listExchangeSymbols', {});
    expect(symbols).toMatchObject({ ok: true, result: { origin: 'exchange', symbols: ['BTCUSDT', 'ETHUSDT'] } });
    const off = await engine.dispatcher.dispatch('system.setSource', { kind: 'none' });
    expect(off).toMatchObject({ ok: true, result: { source: 'none' } });
  });

  it('an unreachable Binance is reported in the status, not thrown, and the symbol list falls back to stored ones', async () => {
    await fake.close();
    engine = await Engine.open({
      dbPath: join(dir, 'b.db'),
      source: { kind: 'live', symbols: ['BTCUSDT'], wsUrl: fake.wsUrl, restUrl: fake.restUrl },
    });
    const logs: string[] = [];
    engine.hub.subscribe((event, payload) => {
      if (event === 'system.onDidLog') logs.push((payload as { message: string }).message);
    });
    await engine.start();
    const status = engine.status();
    expect(status.source).toBe('live');
    expect(status.sourceError).toBeTruthy();
    expect(logs.some((l) => l.startsWith('live source did not start'))).toBe(true);
    const symbols = await engine.dispatcher.dispatch('market.listExchangeSymbols', {});
    expect(symbols).toMatchObject({ ok: true, result: { origin: 'stored', symbols: [] } });
    // The user can still switch to the demo.
    const demo = await engine.dispatcher.dispatch('system.setSource', { kind: 'demo' });
    expect(demo).toMatchObject({ ok: true, result: { source: 'demo', sourceError: null } });
    fake = await startFakeBinance({ trades }); // for afterEach
  });

  it('refuses replay of arbitrary files and live without symbols', async () => {
    engine = await Engine.open({ dbPath: join(dir, 'c.db'), source: { kind: 'none' } });
    for (const bad of [
      { kind: 'replay', files: ['/etc/passwd'] },
      { kind: 'live', symbols: [] },
      { kind: 'live', symbols: ['BTCUSDT'], wsUrl: 'ws://evil' },
    ]) {
      expect(await engine.dispatcher.dispatch('system.setSource', bad)).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
  });
});

describe('replay source errors', () => {
  it('a replay of a file that does not exist is reported as the source error', async () => {
    const local = mkdtempSync(join(tmpdir(), 'tickscope-replay-missing-'));
    const e = await Engine.open({ dbPath: join(local, 'd.db'), source: { kind: 'none' } });
    // Granted (as a file dialog would), then gone by the time the replay starts.
    e.grantReplayFiles([join(local, 'nope.jsonl')]);
    const r = await e.dispatcher.dispatch('system.setSource', { kind: 'replay', files: [join(local, 'nope.jsonl')] });
    expect(r).toMatchObject({ ok: true, result: { source: 'replay' } });
    if (r.ok) expect((r.result as { sourceError: string }).sourceError).toMatch(/replay file not found: .*nope\.jsonl/);
    await e.stop();
    rmSync(local, { recursive: true, force: true });
  });
});
