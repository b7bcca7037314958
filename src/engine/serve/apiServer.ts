import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientFrame, ServerFrame } from '../../shared/contract';
import { packRows } from '../../shared/wirePacking';
import type { Dispatcher } from '../api/dispatcher';
import { PreparedJson } from '../api/preparedJson';
import type { EventHub } from '../api/eventHub';
import type { DownloadRegistry } from './downloads';
import { hostChecker } from './hostCheck';
import { parseRequestTarget, type RequestTarget } from './requestTarget';
import { contentTypeOf, resolveStaticFile } from './staticFiles';
import { weakTokenReason } from './token';

export interface ApiServerOptions {
  host?: string;
  port?: number;
  /** Random when omitted; every WebSocket connection must present it. At least 128 bits. */
  token?: string;
  dispatcher: Dispatcher;
  hub: EventHub;
  /** Built renderer (out/renderer) served as the dashboard; omitted = API only. */
  staticDir?: string;
  /** Largest accepted client frame; bigger ones are refused, not parsed. */
  maxFrameBytes?: number;
  /** Browser-mode exports, fetched from /download/<id> with the token. */
  downloads?: DownloadRegistry;
  /** WebSocket clients at once; the next one is refused (503). Default 16. */
  maxConnections?: number;
  /**
   * Bytes a client may leave unread in its send buffer. A client past it has stopped
   * reading (or cannot keep up) and is closed: otherwise every answer and push it ignores
   * stays in this process's memory. Default 64 MiB.
   */
  maxBufferedBytes?: number;
  /** Requests one client may have unanswered at once; more are answered with an error. Default 64. */
  maxInFlight?: number;
  /** After the close frame, how long a dropped client gets before its socket is destroyed. */
  dropGraceMs?: number;
  /** One line per notable transport event (a client dropped); serve prints them on stderr. */
  log?: (line: string) => void;
}

export interface ApiServerCounters {
  connections: number;
  /** Handshakes refused: bad target, foreign Host or Origin, bad token, too many connections. */
  refusedConnections: number;
  /** Frames refused before reaching the dispatcher (bad JSON, bad shape, too big, too many in flight). */
  badFrames: number;
  /** HTTP requests answered 400 (unparseable target) or 403 (foreign Host). */
  refusedRequests: number;
  /** Clients closed because their unread send buffer passed maxBufferedBytes. */
  slowClientsClosed: number;
  /** The largest send buffer any client had after a send (bytes). */
  peakBufferedBytes: number;
}

export interface ApiServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly token: string;
  readonly port: number;
  readonly counters: ApiServerCounters;
  close(): Promise<void>;
}

const MiB = 2 ** 20;

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token a request carries: `Authorization: Bearer …` (downloads) or `?token=` (the WebSocket, which cannot set headers). */
function presentedToken(req: IncomingMessage, target: RequestTarget): string {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  return target.query.get('token') ?? '';
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

/** Answers a raw upgrade socket with a status line and closes it once written. */
function refuseUpgrade(socket: Duplex, status: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The WebSocket transport of the contract (`tickscope serve`): the same dispatcher and
 * event hub as Electron IPC, behind a random token, a Host and an Origin check, loopback by
 * default. Nothing a client sends may take the process down: unparseable requests get 400,
 * and a client that stops reading is closed before its unread answers fill the memory.
 */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const host = opts.host ?? '127.0.0.1';
  if (opts.token !== undefined) {
    const weak = weakTokenReason(opts.token);
    if (weak) throw new Error(`tickscope serve token refused: ${weak}`);
  }
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxFrameBytes = opts.maxFrameBytes ?? 1_000_000;
  const maxConnections = opts.maxConnections ?? 16;
  const maxBufferedBytes = opts.maxBufferedBytes ?? 64 * MiB;
  const maxInFlight = opts.maxInFlight ?? 64;
  const dropGraceMs = opts.dropGraceMs ?? 1000;
  const counters: ApiServerCounters = {
    connections: 0,
    refusedConnections: 0,
    badFrames: 0,
    refusedRequests: 0,
    slowClientsClosed: 0,
    peakBufferedBytes: 0,
  };
  const staticRoot = opts.staticDir ? resolve(opts.staticDir) : null;
  let hostAllowed: (header: string | undefined) => boolean = () => false;

  const http: Server = createServer((req, res) => {
    try {
      onRequest(req, res);
    } catch {
      // Whatever a request manages to throw is its own problem, never the server's.
      counters.refusedRequests++;
      if (!res.headersSent) res.writeHead(400).end('bad request');
      else res.destroy();
    }
  });

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const target = parseRequestTarget(req.url);
    if (!target) {
      counters.refusedRequests++;
      res.writeHead(400).end('bad request target');
      return;
    }
    if (!hostAllowed(req.headers.host)) {
      counters.refusedRequests++;
      res.writeHead(403).end('forbidden host');
      return;
    }
    const download = /^\/download\/([^/]+)$/.exec(target.path);
    if (!download) return serveStatic(staticRoot, target.path, res);
    if (!opts.downloads || !tokensEqual(presentedToken(req, target), token)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    opts.downloads.serve(download[1]!, res).then(
      (found) => {
        if (!found) res.writeHead(404).end('no such export (each download link works once)');
      },
      () => res.destroy(),
    );
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const leaving = new WeakMap<WebSocket, AbortController>();

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer that resets mid-handshake must not raise an unhandled 'error'.
    socket.on('error', () => undefined);
    try {
      onUpgrade(req, socket, head);
    } catch {
      counters.refusedConnections++;
      refuseUpgrade(socket, '400 Bad Request');
    }
  });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = parseRequestTarget(req.url);
    const refuse = (status: string) => {
      counters.refusedConnections++;
      refuseUpgrade(socket, status);
    };
    if (!target) return refuse('400 Bad Request');
    if (!hostAllowed(req.headers.host)) return refuse('403 Forbidden');
    if (target.path !== '/api') return refuse('404 Not Found');
    // Browsers always send Origin; only our own page may connect. Non-browser clients
    // (CLI, tests) send none and are held to the token alone. The Host was checked above.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) return refuse('403 Forbidden');
    if (!tokensEqual(presentedToken(req, target), token)) return refuse('403 Forbidden');
    // ws adds a client to wss.clients within handleUpgrade and removes it on close.
    if (wss.clients.size >= maxConnections) return refuse('503 Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  }

  /** Closes a client whose unread send buffer passed the cap; its socket goes after dropGraceMs. */
  function dropSlowClient(ws: WebSocket, pending: number): void {
    counters.slowClientsClosed++;
    const reason = `client stopped reading: ${(pending / MiB).toFixed(1)} MiB unsent (cap ${(maxBufferedBytes / MiB).toFixed(1)} MiB)`;
    opts.log?.(`closed a WebSocket client: ${reason}`);
    leaving.get(ws)?.abort();
    ws.close(1008, reason);
    setTimeout(() => ws.terminate(), dropGraceMs).unref();
  }

  function send(ws: WebSocket, frame: ServerFrame): void {
    if (ws.readyState !== ws.OPEN) return;
    if (!('event' in frame) && frame.ok && frame.result instanceof PreparedJson)
      return sendPrepared(ws, frame.id, frame.result);
    // Long row arrays travel as columns (src/shared/wirePacking.ts); the client unpacks them.
    const packed =
      'event' in frame
        ? { ...frame, payload: packRows(frame.payload) }
        : frame.ok
          ? { ...frame, result: packRows(frame.result) }
          : frame;
    const text = JSON.stringify(packed);
    // Checked before sending, so the buffer never holds more than the cap: text.length is
    // the byte count of ASCII JSON and a lower bound otherwise.
    const pending = ws.bufferedAmount + text.length;
    if (pending > maxBufferedBytes) return dropSlowClient(ws, pending);
    ws.send(text);
    notePeak(ws);
  }

  /**
   * An answer a read worker already wrote (PreparedJson): one text message in three
   * fragments, `{"id":N,"ok":true,"result":` + its bytes + `}`, so the bytes are neither
   * parsed nor copied here. Nothing else can be sent between the fragments: all three
   * calls happen in this one synchronous step.
   */
  function sendPrepared(ws: WebSocket, id: number, result: PreparedJson): void {
    const head = Buffer.from(`{"id":${id},"ok":true,"result":`);
    const body = Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength);
    const pending = ws.bufferedAmount + head.length + body.length + 1;
    if (pending > maxBufferedBytes) return dropSlowClient(ws, pending);
    ws.send(head, { binary: false, fin: false });
    ws.send(body, { fin: false });
    ws.send(Buffer.from('}'), { fin: true });
    notePeak(ws);
  }

  function notePeak(ws: WebSocket): void {
    if (ws.bufferedAmount > counters.peakBufferedBytes) counters.peakBufferedBytes = ws.bufferedAmount;
  }

  function onConnection(ws: WebSocket): void {
    counters.connections++;
    let inFlight = 0;
    // Aborted when the client goes (or is dropped): its queued reads are dropped (engine/reads/readPool.ts).
    const gone = new AbortController();
    leaving.set(ws, gone);
    // Names this connection's calls, so what it subscribes to by asking ends with it.
    const client = `ws-${counters.connections}`;
    const subscription = opts.hub.subscribe((event, payload) => send(ws, { event, payload }));
    ws.on('message', async (data, isBinary) => {
      try {
        const frame = isBinary ? null : parseClientFrame(data.toString());
        if (!frame) {
          counters.badFrames++;
          send(ws, {
            id: -1,
            ok: false,
            error: { code: 'bad_request', message: 'frame is not {id, channel, payload} JSON' },
          });
          return;
        }
        if (inFlight >= maxInFlight) {
          counters.badFrames++;
          send(ws, {
            id: frame.id,
            ok: false,
            error: {
              code: 'bad_request',
              message: `${frame.channel}: more than ${maxInFlight} requests unanswered; wait for answers`,
            },
          });
          return;
        }
        inFlight++;
        try {
          send(ws, {
            id: frame.id,
            ...(await opts.dispatcher.dispatch(frame.channel, frame.payload, { signal: gone.signal, client })),
          });
        } finally {
          inFlight--;
        }
      } catch (err) {
        opts.log?.(`WebSocket message failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    let left = false;
    const leave = () => {
      if (left) return; // 'error' then 'close'
      left = true;
      subscription.dispose();
      gone.abort();
      opts.dispatcher.disconnect(client);
    };
    ws.on('close', leave);
    ws.on('error', leave);
  }

  // Beyond the WebSocket cap, plain HTTP sockets (the page's assets) are bounded too.
  http.maxConnections = maxConnections * 8;
  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(opts.port ?? 7400, host, () => ok());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 7400);
  hostAllowed = hostChecker(host, port);
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

function serveStatic(root: string | null, path: string, res: ServerResponse): void {
  if (!root) {
    res.writeHead(404).end('no dashboard build');
    return;
  }
  const file = resolveStaticFile(root, path);
  if (!file) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  // A file removed between the check and the read ends this response, not the process.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
