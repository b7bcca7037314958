import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatcher } from '../../../src/engine/api/dispatcher';
import { EventHub } from '../../../src/engine/api/eventHub';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../../src/engine/serve/apiServer';
import { DownloadRegistry } from '../../../src/engine/serve/downloads';
import { fakeHandlers, sampleBar } from '../../support/fakeHandlers';

// A dashboard to serve: the static route is where a bad path used to throw.
const staticDir = mkdtempSync(join(tmpdir(), 'tickscope-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

let server: ApiServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(extra: Partial<ApiServerOptions> = {}) {
  const dispatcher = createDispatcher(
    fakeHandlers({
      'market.getBars': (q) => ({ bars: Array.from({ length: q.limit ?? 1 }, (_, i) => sampleBar(i * 1000)) }),
    }),
  );
  server = await startApiServer({
    port: 0,
    dispatcher,
    hub: new EventHub(),
    downloads: new DownloadRegistry(),
    staticDir,
    ...extra,
  });
  return server;
}

/** Sends raw bytes (a request line of our choosing) and resolves with the status line. */
function rawRequest(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let got = '';
    socket.on('data', (d) => {
      got += String(d);
      if (got.includes('\r\n')) {
        resolve(got.slice(0, got.indexOf('\r\n')));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
  });
}

const get = (port: number, target: string, host = `127.0.0.1:${port}`) =>
  rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
const upgrade = (port: number, target: string, host = `127.0.0.1:${port}`) =>
  rawRequest(
    port,
    `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
  );

/** Opens a client socket and reports how the handshake ended. */
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

async function ping(s: ApiServer): Promise<unknown> {
  const ws = new WebSocket(s.wsUrl);
  await new Promise((r) => ws.on('open', r));
  const reply = new Promise((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));
  ws.send(JSON.stringify({ id: 1, channel: 'system.ping', payload: {} }));
  const got = await reply;
  ws.close();
  return got;
}

describe('serve under hostile HTTP input', () => {
  it('answers 400 to targets that cannot be decoded, and keeps serving', async () => {
    const s = await start();
    expect(await get(s.port, '/%ff')).toBe('HTTP/1.1 400 Bad Request');
    expect(await get(s.port, '//')).toBe('HTTP/1.1 400 Bad Request');
    expect(await get(s.port, '/download/%ff')).toBe('HTTP/1.1 400 Bad Request');
    expect(await get(s.port, `/download/%ff?token=${s.token}`)).toBe('HTTP/1.1 400 Bad Request');
    expect(s.counters.refusedRequests).toBe(4);
    // Still up: a plain request and an API call are answered.
    expect(await get(s.port, '/')).toBe('HTTP/1.1 200 OK');
    expect(await get(s.port, '/%2e%2e/%2e%2e/etc/passwd')).toBe('HTTP/1.1 404 Not Found');
    expect(await ping(s)).toMatchObject({ id: 1, ok: true });
  });

  it('refuses upgrades with a bad target or a foreign Host, without crashing', async () => {
    const s = await start();
    expect(await upgrade(s.port, '/%ff')).toBe('HTTP/1.1 400 Bad Request');
    expect(await upgrade(s.port, '//')).toBe('HTTP/1.1 400 Bad Request');
    expect(await upgrade(s.port, `/api?token=${s.token}`, 'evil.example')).toBe('HTTP/1.1 403 Forbidden');
    expect(await upgrade(s.port, `/api?token=${s.token}`, `evil.example:${s.port}`)).toBe('HTTP/1.1 403 Forbidden');
    expect(s.counters.refusedConnections).toBe(4);
    expect(await ping(s)).toMatchObject({ id: 1, ok: true });
  });

  it('checks Host against the loopback names (DNS rebinding)', async () => {
    const s = await start();
    expect(await get(s.port, '/', `evil.example:${s.port}`)).toBe('HTTP/1.1 403 Forbidden');
    expect(await get(s.port, '/', 'evil.example')).toBe('HTTP/1.1 403 Forbidden');
    // The port is part of the origin a rebinding page cannot fake either.
    expect(await get(s.port, '/', `127.0.0.1:${s.port + 1}`)).toBe('HTTP/1.1 403 Forbidden');
    for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, `[::1]:${s.port}`, `LOCALHOST:${s.port}`]) {
      expect(await get(s.port, '/', host), host).toBe('HTTP/1.1 200 OK');
    }
    expect(await handshake(s.wsUrl, { host: `localhost:${s.port}` })).toBe('open');
    expect(await handshake(s.wsUrl, { host: `evil.example:${s.port}` })).toBe(403);
  });

  it('refuses the connection past the cap and accepts again once one closes', async () => {
    const s = await start({ maxConnections: 2 });
    const clients = [new WebSocket(s.wsUrl), new WebSocket(s.wsUrl)];
    await Promise.all(clients.map((c) => new Promise((r) => c.on('open', r))));
    expect(await handshake(s.wsUrl)).toBe(503);
    const closed = new Promise((r) => clients[0]!.on('close', r));
    clients[0]!.close();
    await closed;
    await expect.poll(() => handshake(s.wsUrl)).toBe('open');
    clients[1]!.close();
  });

  it('refuses tokens under 128 bits', async () => {
    await expect(start({ token: '' })).rejects.toThrow(/at least 128 bits/);
    await expect(start({ token: 'a' })).rejects.toThrow(/at least 128 bits/);
    await expect(start({ token: 'correct-horse' })).rejects.toThrow(/at least 128 bits/);
    const s = await start({ token: '0123456789abcdef0123456789abcdef' });
    expect(await handshake(s.wsUrl)).toBe('open');
  });
});

describe('serve backpressure', () => {
  it('closes a client that stops reading once its send buffer passes the cap, and never buffers past it', async () => {
    const cap = 512 * 1024;
    const logs: string[] = [];
    // A long grace keeps the close frame in the buffer, so the client reads why it was closed.
    const s = await start({ maxBufferedBytes: cap, dropGraceMs: 600_000, maxInFlight: 1000, log: (l) => logs.push(l) });
    const ws = new WebSocket(s.wsUrl);
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: String(reason) })),
    );
    ws.pause(); // stops reading; the requests below still go out
    // Each answer is about 100 KB of packed bars; 400 of them exceed any loopback socket buffer.
    for (let id = 1; id <= 400; id++)
      ws.send(JSON.stringify({ id, channel: 'market.getBars', payload: { symbol: 'BTCUSDT', tf: '1s', limit: 2000 } }));
    await expect.poll(() => s.counters.slowClientsClosed, { timeout: 30_000 }).toBe(1);
    expect(s.counters.peakBufferedBytes).toBeLessThanOrEqual(cap);
    expect(logs.join('\n')).toMatch(/client stopped reading/);
    ws.resume();
    const { code, reason } = await closed;
    expect(code).toBe(1008);
    expect(reason).toMatch(/^client stopped reading: [\d.]+ MiB unsent \(cap 0\.5 MiB\)$/);
    // The server stays up for everyone else.
    expect(await ping(s)).toMatchObject({ id: 1, ok: true });
  });

  it('a reading client with the same load is never closed', async () => {
    const s = await start({ maxBufferedBytes: 512 * 1024, maxInFlight: 1000 });
    const ws = new WebSocket(s.wsUrl);
    await new Promise((r) => ws.on('open', r));
    let answers = 0;
    const all = new Promise<void>((r) => ws.on('message', () => ++answers === 20 && r()));
    // One request at a time: the client reads each answer before asking again.
    ws.on(
      'message',
      () =>
        answers < 20 &&
        ws.send(
          JSON.stringify({
            id: answers + 1,
            channel: 'market.getBars',
            payload: { symbol: 'BTCUSDT', tf: '1s', limit: 2000 },
          }),
        ),
    );
    ws.send(
      JSON.stringify({ id: 0, channel: 'market.getBars', payload: { symbol: 'BTCUSDT', tf: '1s', limit: 2000 } }),
    );
    await all;
    expect(s.counters.slowClientsClosed).toBe(0);
    ws.close();
  });

  it('answers requests past the in-flight cap with an error instead of queueing them', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const dispatcher = createDispatcher(fakeHandlers({ 'market.getBars': async () => (await gate, { bars: [] }) }));
    server = await startApiServer({ port: 0, dispatcher, hub: new EventHub(), maxInFlight: 2 });
    const ws = new WebSocket(server.wsUrl);
    await new Promise((r) => ws.on('open', r));
    const replies: { id: number; ok: boolean; error?: { message: string } }[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(String(d))));
    for (let id = 1; id <= 3; id++)
      ws.send(JSON.stringify({ id, channel: 'market.getBars', payload: { symbol: 'BTCUSDT', tf: '1s' } }));
    await expect.poll(() => replies.length).toBe(1);
    expect(replies[0]).toMatchObject({
      id: 3,
      ok: false,
      error: { message: expect.stringMatching(/more than 2 requests unanswered/) },
    });
    release();
    await expect.poll(() => replies.length).toBe(3);
    expect(replies.slice(1).map((r) => r.ok)).toEqual([true, true]);
    ws.close();
  });
});
