import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { Engine } from '../../../src/engine/engine';
import { startApiServer } from '../../../src/engine/serve/apiServer';
import { createWsApi } from '../../../src/renderer/api/wsApi';
import { foldSpanMs } from '../../../src/shared/barFolding';
import type { BarsUpdate } from '../../../src/shared/contract';

/** An engine with no source, the bar pushes it emits, and a simulated pair to feed it. */
async function pushRig(seed: number) {
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-pushes-'));
  const engine = await Engine.open({ dbPath: join(dir, 'p.db'), source: { kind: 'none' } });
  const seen: BarsUpdate[] = [];
  engine.hub.subscribe((event, payload) => {
    if (event === 'market.onDidUpdateBars') seen.push(payload as BarsUpdate);
  });
  const sim = new CointegratedPairSim({ seed, startMs: Date.UTC(2024, 0, 1) });
  const feedUntil = (minute: number) => {
    engine.ingestor.push(sim.advance(Date.UTC(2024, 0, 1, 0, minute)));
    engine.ingestor.flush();
  };
  const stop = async () => {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { engine, seen, feedUntil, stop };
}

describe('bar pushes', () => {
  it('go out only for the series a client has loaded, not for all nine timeframes of every symbol', async () => {
    const { engine, seen, feedUntil, stop } = await pushRig(2);
    feedUntil(5);
    // Nobody has loaded a series yet: nothing to push. A later push proves the timer ran.
    expect((await engine.dispatcher.dispatch('market.getBars', { symbol: 'ETHUSDT', tf: '1m' })).ok).toBe(true);
    feedUntil(10);
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((u) => `${u.symbol}|${u.tf}`))).toEqual(new Set(['ETHUSDT|1m']));
    // What was pushed equals what is stored.
    const last = seen[seen.length - 1].bars.at(-1)!;
    expect(engine.store.getBars({ symbol: 'ETHUSDT', tf: '1m' }).at(-1)).toEqual(last);
    await stop();
  });

  it('also go out for a series loaded through its overview, which the dashboard asks for first', async () => {
    const { engine, seen, feedUntil, stop } = await pushRig(3);
    feedUntil(30);
    const ov = await engine.dispatcher.dispatch('market.getBarOverview', { symbol: 'BTCUSDT', tf: '1s', buckets: 100 });
    expect(ov.ok).toBe(true);
    if (ov.ok) {
      const r = ov.result as { bars: unknown[]; spanMs: number; count: number };
      const stored = engine.store.getBars({ symbol: 'BTCUSDT', tf: '1s' });
      expect(r.spanMs).toBe(foldSpanMs(stored[0]!.ts, stored.at(-1)!.ts, 1000, 100));
      expect(r.spanMs).toBeGreaterThan(1000);
      expect(r.bars.length).toBeLessThanOrEqual(101);
      expect(r.count).toBe(stored.length);
    }
    feedUntil(31);
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((u) => `${u.symbol}|${u.tf}`))).toEqual(new Set(['BTCUSDT|1s']));
    await stop();
  });

  it('follow each client: the series only a client that left had loaded are no longer pushed', async () => {
    const { engine, seen, feedUntil, stop } = await pushRig(4);
    feedUntil(5);
    expect(
      (await engine.dispatcher.dispatch('market.getBars', { symbol: 'BTCUSDT', tf: '1m' }, { client: 'a' })).ok,
    ).toBe(true);
    expect(
      (await engine.dispatcher.dispatch('market.getBars', { symbol: 'ETHUSDT', tf: '1m' }, { client: 'b' })).ok,
    ).toBe(true);
    feedUntil(10);
    await expect
      .poll(() => new Set(seen.map((u) => `${u.symbol}|${u.tf}`)))
      .toEqual(new Set(['BTCUSDT|1m', 'ETHUSDT|1m']));
    engine.dispatcher.disconnect('a');
    seen.length = 0;
    feedUntil(15);
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((u) => `${u.symbol}|${u.tf}`))).toEqual(new Set(['ETHUSDT|1m']));
    await stop();
  });

  it('over tickscope serve, end with the WebSocket connection that loaded them', async () => {
    const { engine, seen, feedUntil, stop } = await pushRig(5);
    const server = await startApiServer({ port: 0, dispatcher: engine.dispatcher, hub: engine.hub });
    try {
      feedUntil(5);
      const first = createWsApi(server.wsUrl, WebSocket as never);
      const second = createWsApi(server.wsUrl, WebSocket as never);
      await Promise.all([first.ready(), second.ready()]);
      await first.invoke('market.getBars', { symbol: 'BTCUSDT', tf: '5m' });
      await second.invoke('market.getBarOverview', { symbol: 'ETHUSDT', tf: '15m', buckets: 50 });
      feedUntil(10);
      await expect
        .poll(() => new Set(seen.map((u) => `${u.symbol}|${u.tf}`)))
        .toEqual(new Set(['BTCUSDT|5m', 'ETHUSDT|15m']));
      const gone: string[] = [];
      engine.dispatcher.onDidDisconnect((client) => gone.push(client));
      first.close();
      // The server hears the close and tells the engine, which forgets the first client's series.
      await expect.poll(() => gone.length).toBe(1);
      seen.length = 0;
      feedUntil(20);
      await expect.poll(() => seen.length).toBeGreaterThan(0);
      expect(new Set(seen.map((u) => `${u.symbol}|${u.tf}`))).toEqual(new Set(['ETHUSDT|15m']));
      second.close();
    } finally {
      await server.close();
      await stop();
    }
  });
});
