import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createDispatcher } from '../../../src/engine/api/dispatcher';
import { EventHub } from '../../../src/engine/api/eventHub';
import { PreparedJson } from '../../../src/engine/api/preparedJson';
import { Engine } from '../../../src/engine/engine';
import { ReadPool } from '../../../src/engine/reads/readPool';
import { startApiServer } from '../../../src/engine/serve/apiServer';
import { packRows } from '../../../src/shared/wirePacking';
import { createWsApi } from '../../../src/renderer/api/wsApi';
import { fakeHandlers, sampleBar } from '../../support/fakeHandlers';
import { seedBars } from '../../support/seedBars';

const DAY = 86_400_000;
const end = Date.UTC(2024, 7, 9);
let dir: string;
let dbPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-read-workers-'));
  dbPath = join(dir, 'bars.db');
  seedBars(dbPath, { count: 86_400, endMs: end });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('big reads on read workers (tickscope serve)', () => {
  it('answer a day of bars exactly as the inline read does, without the main connection reading them', async () => {
    const inline = await Engine.open({ dbPath, source: { kind: 'none' } });
    const pooled = await Engine.open({ dbPath, source: { kind: 'none' }, readWorkers: 2 });
    try {
      const q = { symbol: 'BTCUSDT', tf: '1s' as const, from: end - DAY, to: end };
      const mainReads = vi.spyOn(pooled.store, 'getBars');
      const expected = await inline.dispatcher.dispatch('market.getBars', q);
      const got = await pooled.dispatcher.dispatch('market.getBars', q);
      expect(got.ok && got.result).toBeInstanceOf(PreparedJson);
      expect(mainReads).not.toHaveBeenCalled();
      expect(expected.ok && (expected.result as { bars: unknown[] }).bars.length).toBeGreaterThan(86_000);
      expect(got.ok && (got.result as PreparedJson).value()).toEqual(expected.ok && expected.result);

      const oq = { ...q, buckets: 1200 };
      const inlineOverview = await inline.dispatcher.dispatch('market.getBarOverview', oq);
      const overview = await pooled.dispatcher.dispatch('market.getBarOverview', oq);
      expect(overview.ok && (overview.result as PreparedJson).value()).toEqual(
        inlineOverview.ok && inlineOverview.result,
      );

      // Payloads are still validated on the main thread first.
      expect(await pooled.dispatcher.dispatch('market.getBars', { symbol: 'BTCUSDT', tf: '2s' })).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    } finally {
      await inline.stop();
      await pooled.stop();
    }
  });

  it('reach a browser client through the WebSocket as the same bars', async () => {
    const engine = await Engine.open({ dbPath, source: { kind: 'none' }, readWorkers: 1 });
    const server = await startApiServer({ port: 0, dispatcher: engine.dispatcher, hub: engine.hub });
    const api = createWsApi(server.wsUrl, WebSocket as never);
    try {
      await api.ready();
      const q = { symbol: 'ETHUSDT', tf: '1s' as const, from: end - 3_600_000, to: end };
      const { bars } = await api.invoke('market.getBars', q);
      expect(bars).toEqual(engine.store.getBars(q));
      expect(bars.length).toBeGreaterThan(3000);
      // Interleaved with ordinary answers on the same socket, each frame stays whole.
      const [a, b, c] = await Promise.all([
        api.invoke('market.getBars', q),
        api.invoke('system.ping', {}),
        api.invoke('market.getBars', { ...q, limit: 3 }),
      ]);
      expect(a).toEqual({ bars });
      expect(b.now).toBeGreaterThan(0);
      expect(c.bars).toEqual(bars.slice(-3));
    } finally {
      api.close();
      await server.close();
      await engine.stop();
    }
  });

  it('a worker that cannot open the database fails its calls with the reason, and the next call tries again', async () => {
    const pool = new ReadPool({ dbPath: join(dir, 'missing', 'nope.db'), size: 1 });
    try {
      await expect(pool.run('market.getBars', { symbol: 'BTCUSDT', tf: '1s' })).rejects.toThrow(
        /unable to open|directory does not exist|no such file/i,
      );
      await expect(pool.run('market.getBars', { symbol: 'BTCUSDT', tf: '1s' })).rejects.toThrow(
        /unable to open|directory does not exist|no such file/i,
      );
      expect(pool.pendingCalls).toBe(0);
    } finally {
      await pool.dispose();
    }
  });

  it('one read at a time per worker; reads of a client that has gone are dropped before they run', async () => {
    const pool = new ReadPool({ dbPath, size: 1 });
    try {
      const q = { symbol: 'BTCUSDT', tf: '1s', from: end - 3_600_000, to: end };
      const gone = new AbortController();
      const first = pool.run('market.getBars', q);
      const dropped = [pool.run('market.getBars', q, gone.signal), pool.run('market.getBars', q, gone.signal)].map(
        (p) =>
          p.then(
            () => 'answered',
            (e: Error) => e.message,
          ),
      );
      const last = pool.run('market.getBars', q);
      expect(pool.pendingCalls).toBe(4);
      gone.abort(); // the connection closed while its reads waited behind the first
      expect(((await first).value() as { bars: unknown[] }).bars.length).toBeGreaterThan(3000);
      expect(await Promise.all(dropped)).toEqual(['the client went away', 'the client went away']);
      expect(((await last).value() as { bars: unknown[] }).bars.length).toBeGreaterThan(3000);
      expect(pool.stats).toEqual({ answered: 2, dropped: 2 });
      await expect(pool.run('market.getBars', q, gone.signal)).rejects.toThrow('the client went away');
    } finally {
      await pool.dispose();
    }
  });

  it('a client that closes aborts the signal its calls carry, so the pool can drop them', async () => {
    const signals: AbortSignal[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const dispatcher = createDispatcher(fakeHandlers(), {
      'market.getBars': async (_q, call) => {
        signals.push(call.signal!);
        await gate;
        return new PreparedJson(new TextEncoder().encode('{"bars":[]}'));
      },
    });
    const server = await startApiServer({ port: 0, dispatcher, hub: new EventHub() });
    try {
      const ws = new WebSocket(server.wsUrl);
      await new Promise((r) => ws.on('open', r));
      ws.send(JSON.stringify({ id: 1, channel: 'market.getBars', payload: { symbol: 'BTCUSDT', tf: '1s' } }));
      await expect.poll(() => signals.length).toBe(1);
      expect(signals[0]!.aborted).toBe(false);
      ws.close();
      await expect.poll(() => signals[0]!.aborted).toBe(true);
      release();
    } finally {
      await server.close();
    }
  });

  it('prepared answers count against the send-buffer cap like any other', async () => {
    const bytes = new TextEncoder().encode(
      JSON.stringify(packRows({ bars: Array.from({ length: 2000 }, (_, i) => sampleBar(i * 1000)) })),
    );
    const dispatcher = createDispatcher(fakeHandlers(), { 'market.getBars': async () => new PreparedJson(bytes) });
    const cap = 512 * 1024;
    const server = await startApiServer({
      port: 0,
      dispatcher,
      hub: new EventHub(),
      maxBufferedBytes: cap,
      dropGraceMs: 0,
      maxInFlight: 1000,
    });
    const ws = new WebSocket(server.wsUrl);
    try {
      await new Promise((r) => ws.on('open', r));
      const closed = new Promise((r) => ws.on('close', r));
      ws.pause();
      for (let id = 1; id <= 400; id++)
        ws.send(JSON.stringify({ id, channel: 'market.getBars', payload: { symbol: 'BTCUSDT', tf: '1s' } }));
      await expect.poll(() => server.counters.slowClientsClosed, { timeout: 30_000 }).toBe(1);
      expect(server.counters.peakBufferedBytes).toBeLessThanOrEqual(cap);
      ws.resume();
      await closed;
    } finally {
      ws.terminate();
      await server.close();
    }
  });
});
