import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { extname, join, normalize, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientFrame, ServerFrame } from '../../shared/contract';
import { packRows } from '../../shared/wirePacking';
import type { Dispatcher } from '../api/dispatcher';
import type { EventHub } from '../api/eventHub';
import type { DownloadRegistry } from './downloads';

export interface ApiServerOptions {
  host?: string;
  port?: number;
  /** Random when omitted; every WebSocket connection must present it. */
  token?: string;
  dispatcher: Dispatcher;
  hub: EventHub;
  /** Built renderer (out/renderer) served as the dashboard; omitted = API only. */
  staticDir?: string;
  /** Largest accepted client frame; bigger ones are refused, not parsed. */
  maxFrameBytes?: number;
  /** Browser-mode exports, fetched from /download/<id>?token=… */
  downloads?: DownloadRegistry;
}

export interface ApiServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly token: string;
  readonly port: number;
  /** Frames refused before reaching the dispatcher (bad JSON, bad shape, too big). */
  readonly counters: { connections: number; refusedConnections: number; badFrames: number };
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseClientFrame(raw: string): ClientFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { id, channel, payload } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof channel !== 'string') return null;
  return { id, channel, payload };
}

/**
 * The WebSocket transport of the contract (`tickscope serve`): the same dispatcher and
 * event hub as Electron IPC, behind a random token and an Origin check, loopback by default.
 */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxFrameBytes = opts.maxFrameBytes ?? 1_000_000;
  const counters = { connections: 0, refusedConnections: 0, badFrames: 0 };
  const staticRoot = opts.staticDir ? resolve(opts.staticDir) : null;

  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const download = /^\/download\/([^/]+)$/.exec(url.pathname);
    if (!download) return serveStatic(staticRoot, req, res);
    if (!opts.downloads || !tokensEqual(url.searchParams.get('token') ?? '', token)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    void opts.downloads.serve(decodeURIComponent(download[1]), res).then((found) => {
      if (!found) res.writeHead(404).end('no such export (each download link works once)');
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const origin = req.headers.origin;
    // Browsers always send Origin; only our own page may connect. Non-browser clients
    // (CLI, tests) send none and are held to the token alone.
    const ownOrigin = `http://${req.headers.host}`;
    const originOk = origin === undefined || origin === ownOrigin;
    const tokenOk = tokensEqual(url.searchParams.get('token') ?? '', token);
    if (url.pathname !== '/api' || !originOk || !tokenOk) {
      counters.refusedConnections++;
      socket.write(`HTTP/1.1 ${url.pathname !== '/api' ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function send(ws: WebSocket, frame: ServerFrame): void {
    if (ws.readyState !== ws.OPEN) return;
    // Long row arrays travel as columns (src/shared/wirePacking.ts); the client unpacks them.
    const packed = 'event' in frame ? { ...frame, payload: packRows(frame.payload) } : frame.ok ? { ...frame, result: packRows(frame.result) } : frame;
    ws.send(JSON.stringify(packed));
  }

  function onConnection(ws: WebSocket): void {
    counters.connections++;
    const subscription = opts.hub.subscribe((event, payload) => send(ws, { event, payload }));
    ws.on('message', async (data, isBinary) => {
      const frame = isBinary ? null : parseClientFrame(data.toString());
      if (!frame) {
        counters.badFrames++;
        send(ws, { id: -1, ok: false, error: { code: 'bad_request', message: 'frame is not {id, channel, payload} JSON' } });
        return;
      }
      send(ws, { id: frame.id, ...(await opts.dispatcher.dispatch(frame.channel, frame.payload)) });
    });
    ws.on('close', () => subscription.dispose());
    ws.on('error', () => subscription.dispose());
  }

  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(opts.port ?? 7400, host, () => ok());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 7400);
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}/?token=${encodeURIComponent(token)}`,
    wsUrl: `ws://${shownHost}:${port}/api?token=${encodeURIComponent(token)}`,
    token,
    port,
    counters,
    close: async () => {
      opts.downloads?.close(); // a paused download would otherwise keep http.close() waiting
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((ok) => http.close(() => ok()));
    },
  };
}

function serveStatic(root: string | null, req: IncomingMessage, res: ServerResponse): void {
  if (!root) {
    res.writeHead(404).end('no dashboard build');
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const rel = normalize(pathname === '/' ? '/index.html' : pathname);
  const file = join(root, rel);
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(res);
}
