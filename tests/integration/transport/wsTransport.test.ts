import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatcher } from '../../../src/engine/api/dispatcher';
import { EventHub } from '../../../src/engine/api/eventHub';
import { startApiServer, type ApiServer } from '../../../src/engine/serve/apiServer';
import { createWsApi } from '../../../src/renderer/api/wsApi';
import { fakeHandlers, sampleBar } from '../../support/fakeHandlers';

let server: ApiServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(hub = new EventHub()) {
  const dispatcher = createDispatcher(
    fakeHandlers({ 'market.getBars': (q) => ({ bars: [sampleBar(q.from ?? 0, q.symbol)] }) }),
  );
  server = await startApiServer({ port: 0, dispatcher, hub });
  return { server, hub, dispatcher };
}

/** Opens a raw socket and reports how the handshake ended. */
function handshake(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('WebSocket transport (tickscope serve)', () => {
  it('carries requests and pushed events through the same typed API as Electron', async () => {
    const { server: s, hub } = await start();
    const api = createWsApi(s.wsUrl, WebSocket as never);
    await api.ready();
    const { bars } = await api.invoke('market.getBars', { symbol: 'ethusdt', tf: '1s', from: 5000 });
    expect(bars).toEqual([sampleBar(5000, 'ETHUSDT')]);
    const got = new Promise((resolve) => api.on('market.onDidUpdateBars', resolve));
    hub.emit('market.onDidUpdateBars', { symbol: 'BTCUSDT', tf: '1m', bars: [sampleBar(60_000)] });
    expect(await got).toEqual({ symbol: 'BTCUSDT', tf: '1m', bars: [sampleBar(60_000)] });
    api.close();
  });

  it('rejects bad payloads and unknown channels with clear errors', async () => {
    const { server: s, dispatcher } = await start();
    const api = createWsApi(s.wsUrl, WebSocket as never);
    await api.ready();
    await expect(api.invoke('market.getBars', { symbol: 'BTCUSDT', tf: '2s' as never })).rejects.toThrow(
      /market.getBars: tf/,
    );
    await expect(api.invoke('nope.nope' as never, {} as never)).rejects.toThrow(/unknown channel/);
    // A raw client can send anything; the server answers, counts, and stays up.
    const raw = new WebSocket(s.wsUrl);
    await new Promise((r) => raw.on('open', r));
    const replies: unknown[] = [];
    raw.on('message', (d) => replies.push(JSON.parse(String(d))));
    raw.send('not json');
    raw.send(JSON.stringify({ id: 7, channel: 'system.shutdown', payload: {} }));
    raw.send(JSON.stringify({ id: 8, channel: 'system.ping', payload: {} }));
    await expect.poll(() => replies.length).toBe(3);
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(replies[1]).toMatchObject({ id: 7, ok: false, error: { code: 'unknown_channel' } });
    expect(replies[2]).toMatchObject({ id: 8, ok: true, result: { now: 1 } });
    expect(s.counters.badFrames).toBe(1);
    // The typed client refuses the unknown channel itself; the server saw the bad tf and system.shutdown.
    expect(dispatcher.counters.rejected).toBe(2);
    raw.close();
    api.close();
  });

  it('requires the token and refuses foreign origins', async () => {
    const { server: s } = await start();
    const noToken = s.wsUrl.replace(/token=[^&]+/, 'token=wrong');
    expect(await handshake(noToken)).toBe(403);
    expect(await handshake(s.wsUrl.replace(/\?.*$/, ''))).toBe(403);
    expect(await handshake(s.wsUrl, { origin: 'http://evil.example' })).toBe(403);
    expect(await handshake(s.wsUrl, { origin: `http://127.0.0.1:${s.port}` })).toBe('open');
    expect(await handshake(s.wsUrl)).toBe('open');
    expect(s.counters.refusedConnections).toBe(3);
  });

  it('listens on loopback by default', async () => {
    const { server: s } = await start();
    expect(s.url.startsWith('http://127.0.0.1:')).toBe(true);
  });
});
