import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { seededRandom } from '../syntheticTrades';
import { fundingRoute, type FakeFundingOptions } from './funding';
import { klinesAnswer } from './klines';
import { aggTradeFrame, aggTradeRow, tradeFrame, type FakeTrade } from './trades';

export interface FakeBinanceOptions extends FakeFundingOptions {
  /** The market's trades in publication order (see tradesFromMessages / mergeByEventTime). */
  readonly trades: readonly FakeTrade[];
  /** Symbols exchangeInfo lists as TRADING; default: every symbol in `trades`. */
  readonly symbols?: readonly string[];
  /** Extra exchangeInfo entries with other statuses, e.g. [{symbol:'OLDUSDT',status:'SETTLING'}]
   * or contract types ({symbol:'BTCUSDT_250926',status:'TRADING',contractType:'CURRENT_QUARTER'}). */
  readonly otherSymbols?: readonly { symbol: string; status: string; contractType?: string }[];
  /** exchangeInfo's serverTime and the newest kline (the forming one); default Date.now(). */
  readonly serverTime?: number;
  /** Answer the first /fapi/v1/klines request with 429, or 418 (Retry-After: retryAfterSec). */
  readonly klines429Once?: boolean;
  readonly klines418Once?: boolean;
  /** Answer 500 to every /fapi/v1/klines request after this many answered ones. */
  readonly klinesFailAfter?: number;
  /** Used weight reported before any request (X-MBX-USED-WEIGHT-1M), e.g. near the limit. */
  readonly weightStart?: number;
  /** Drop every connection right after the trade with this index was published. */
  readonly dropAfter?: readonly number[];
  /** Or drop at random (seeded) with this probability after each trade. */
  readonly dropProbability?: number;
  readonly seed?: number;
  /** Trades published while the client is away, per drop (default: seeded 1..25). */
  readonly lostPerDrop?: number;
  /** Let a drop's lost trades run to the end of the timeline, so the stream goes quiet
   * after the reconnect and no live trade ever reveals the gap (default false). */
  readonly lossMayEndTimeline?: boolean;
  /** Refuse stream connections after this many have been accepted (the route went away). */
  readonly maxConnections?: number;
  /** Trades published per event-loop turn while a client listens (default 200). */
  readonly burst?: number;
  /** Start publishing as soon as a client subscribes (default true); else call play(). */
  readonly autoplay?: boolean;
  /** Answer the first /fapi/v1/aggTrades request with 429 (Retry-After: retryAfterSec). */
  readonly rest429Once?: boolean;
  /** Answer the first /fapi/v1/aggTrades request with 418. */
  readonly rest418Once?: boolean;
  readonly retryAfterSec?: number;
  readonly port?: number;
  /** Trades already in the past at start: REST knows them, the stream begins after them. */
  readonly startAt?: number;
}

export interface FakeBinance {
  /** Use as --ws-url: wss://fstream.binance.com equivalent (routes are appended). */
  readonly wsUrl: string;
  /** Use as --rest-url. */
  readonly restUrl: string;
  readonly port: number;
  /** How many trades of the timeline have been published (sent or lost). */
  published(): number;
  /** Resolves once every trade has been published. */
  readonly finished: Promise<void>;
  /** Trades published so far for a symbol (what REST can return and a client should store). */
  publishedTrades(symbol: string): FakeTrade[];
  readonly stats: {
    connections: number;
    /** Stream connections refused (maxConnections, refuseStreams). */
    refused: number;
    drops: number;
    lost: number;
    restRequests: string[];
    controlMessages: string[];
    pongs: number;
  };
  openConnections(): number;
  play(): void;
  pause(): void;
  /** Close every open connection now (abruptly). */
  dropAll(): void;
  /** Publish the next n trades of the timeline to nobody, as if every client were away. */
  publishOffline(n: number): void;
  /** While on, stream connections are cut before the WebSocket handshake (no route). */
  refuseStreams(on: boolean): void;
  /** While on, REST requests are cut without an answer (no route). */
  refuseRest(on: boolean): void;
  /** Send a raw text frame to every open connection (corrupt-input tests). */
  sendRaw(text: string): void;
  /** Ping every open connection; pongs are counted in stats.pongs. */
  ping(): void;
  close(): Promise<void>;
}

interface Client {
  ws: WebSocket;
  route: 'market' | 'public';
  streams: Set<string>;
  controlTimes: number[];
}

/**
 * A loopback stand-in for Binance USD-M futures: combined and raw stream routes, live
 * SUBSCRIBE/UNSUBSCRIBE, REST aggTrades and exchangeInfo, seeded connection drops.
 *
 * The market is one timeline. It advances only while a client is connected; a drop also
 * skips `lostPerDrop` trades that happen while the client is away, which the client must
 * refill over REST. Drops never skip the last trade, so every gap is followed by a live
 * trade that reveals it, unless `lossMayEndTimeline` (or `publishOffline`) lets the market
 * go quiet while the client is away.
 */
export async function startFakeBinance(opts: FakeBinanceOptions): Promise<FakeBinance> {
  const trades = opts.trades;
  const rnd = seededRandom(opts.seed ?? 42);
  const dropAfter = new Set(opts.dropAfter ?? []);
  const burst = opts.burst ?? 200;
  const clients = new Set<Client>();
  const bySymbol = new Map<string, FakeTrade[]>();
  const publishedCount = new Map<string, number>();
  for (const t of trades) {
    const list = bySymbol.get(t.symbol) ?? [];
    list.push(t);
    bySymbol.set(t.symbol, list);
  }
  for (const list of bySymbol.values()) list.sort((a, b) => a.id - b.id);
  const tradingSymbols = opts.symbols ?? [...bySymbol.keys()];
  const stats = {
    connections: 0,
    refused: 0,
    drops: 0,
    lost: 0,
    restRequests: [] as string[],
    controlMessages: [] as string[],
    pongs: 0,
  };
  let cursor = 0;
  let playing = opts.autoplay ?? true;
  let pumping = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => (resolveFinished = r));
  for (; cursor < Math.min(opts.startAt ?? 0, trades.length); cursor++)
    publishedCount.set(trades[cursor]!.symbol, (publishedCount.get(trades[cursor]!.symbol) ?? 0) + 1);
  if (cursor >= trades.length) resolveFinished();
  let restCalls = 0;
  let weight = opts.weightStart ?? 0;
  let streamsRefused = false;
  let restRefused = false;
  const funding = fundingRoute(opts);
  let klinesCalls = 0;

  const publish = (t: FakeTrade): void => {
    publishedCount.set(t.symbol, (publishedCount.get(t.symbol) ?? 0) + 1);
  };

  const dropAll = (): void => {
    for (const c of clients) c.ws.terminate();
    clients.clear();
  };

  const pump = (): void => {
    if (pumping) return;
    pumping = true;
    setImmediate(step);
  };

  const step = (): void => {
    pumping = false;
    if (!playing || clients.size === 0 || cursor >= trades.length) return;
    for (let n = 0; n < burst && cursor < trades.length && clients.size > 0; n++) {
      const t = trades[cursor]!;
      const index = cursor++;
      publish(t);
      const lower = t.symbol.toLowerCase();
      for (const c of clients) {
        if (c.route === 'market' && c.streams.has(`${lower}@aggTrade`)) c.ws.send(aggTradeFrame(t));
        if (c.route === 'public' && c.streams.has(`${lower}@trade`)) c.ws.send(tradeFrame(t));
      }
      const remaining = trades.length - cursor;
      const drop = dropAfter.has(index) || (opts.dropProbability !== undefined && rnd() < opts.dropProbability);
      if (drop && remaining > (opts.lossMayEndTimeline ? 0 : 1)) {
        stats.drops++;
        const lost = Math.min(
          opts.lostPerDrop ?? 1 + Math.floor(rnd() * 25),
          opts.lossMayEndTimeline ? remaining : remaining - 1,
        );
        for (let k = 0; k < lost; k++) publish(trades[cursor++]!);
        stats.lost += lost;
        dropAll();
      }
    }
    if (cursor >= trades.length) resolveFinished();
    else pump();
  };

  const symbolsParam = (url: URL): string[] => (url.searchParams.get('streams') ?? '').split('/').filter(Boolean);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (restRefused) {
      req.socket.destroy();
      return;
    }
    stats.restRequests.push(url.pathname + url.search);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-mbx-used-weight-1m': String(weight), ...headers });
      res.end(JSON.stringify(body));
    };
    if (funding(url, req, json)) return;
    if (url.pathname === '/fapi/v1/exchangeInfo') {
      weight += 1;
      const symbols = [
        ...tradingSymbols.map((s) => ({
          symbol: s,
          status: 'TRADING',
          contractType: 'PERPETUAL',
          pricePrecision: 2,
          quantityPrecision: 3,
          filters: [],
        })),
        ...(opts.otherSymbols ?? []).map((s) => ({
          contractType: 'PERPETUAL',
          pricePrecision: 2,
          quantityPrecision: 3,
          filters: [],
          ...s,
        })),
      ];
      json(200, { timezone: 'UTC', serverTime: opts.serverTime ?? Date.now(), symbols });
      return;
    }
    if (url.pathname === '/fapi/v1/klines') {
      klinesCalls++;
      if (klinesCalls === 1 && (opts.klines429Once || opts.klines418Once)) {
        json(
          opts.klines429Once ? 429 : 418,
          { code: -1003, msg: 'Too many requests' },
          { 'retry-after': String(opts.retryAfterSec ?? 0) },
        );
        return;
      }
      const answered = klinesCalls - (opts.klines429Once || opts.klines418Once ? 1 : 0) - 1;
      if (opts.klinesFailAfter !== undefined && answered >= opts.klinesFailAfter) {
        json(500, { code: -1000, msg: 'An unknown error occurred' });
        return;
      }
      const known = (s: string): boolean =>
        tradingSymbols.includes(s) || (opts.otherSymbols ?? []).some((o) => o.symbol === s);
      const a = klinesAnswer(url, opts.serverTime ?? Date.now(), known);
      weight += a.weight;
      json(a.status, a.body);
      return;
    }
    if (url.pathname === '/fapi/v1/aggTrades') {
      restCalls++;
      if (restCalls === 1 && opts.rest429Once) {
        json(429, { code: -1003, msg: 'Too many requests' }, { 'retry-after': String(opts.retryAfterSec ?? 0) });
        return;
      }
      if (restCalls === 1 && opts.rest418Once) {
        json(418, { code: -1003, msg: 'IP banned' }, { 'retry-after': String(opts.retryAfterSec ?? 0) });
        return;
      }
      weight += 20;
      const symbol = url.searchParams.get('symbol') ?? '';
      const all = bySymbol.get(symbol);
      if (!all) {
        json(400, { code: -1121, msg: 'Invalid symbol.' });
        return;
      }
      const limit = Number(url.searchParams.get('limit') ?? 500);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        json(400, { code: -1130, msg: 'limit must be 1..1000' });
        return;
      }
      const known = all.slice(0, publishedCount.get(symbol) ?? 0);
      const fromId = url.searchParams.get('fromId');
      const startTime = url.searchParams.get('startTime');
      const endTime = url.searchParams.get('endTime');
      let rows: FakeTrade[];
      if (fromId !== null) rows = known.filter((t) => t.id >= Number(fromId)).slice(0, limit);
      else if (startTime !== null || endTime !== null) {
        const from = Number(startTime ?? 0);
        const to = Number(endTime ?? Number.MAX_SAFE_INTEGER);
        rows = known.filter((t) => t.T >= from && t.T <= to).slice(0, limit);
      } else rows = known.slice(-limit);
      json(200, rows.map(aggTradeRow));
      return;
    }
    json(404, { code: -1, msg: `no route ${url.pathname}` });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/(market|public)\/(stream|ws\/(.+))$/.exec(url.pathname);
    if (!m) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    if (streamsRefused || (opts.maxConnections !== undefined && stats.connections >= opts.maxConnections)) {
      stats.refused++;
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const streams = new Set(m[2] === 'stream' ? symbolsParam(url) : [m[3]!]);
      const client: Client = { ws, route: m[1] as 'market' | 'public', streams, controlTimes: [] };
      clients.add(client);
      stats.connections++;
      ws.on('pong', () => stats.pongs++);
      ws.on('message', (data) => {
        const text = data.toString();
        stats.controlMessages.push(text);
        const now = Date.now();
        client.controlTimes = client.controlTimes.filter((t) => now - t < 1000);
        client.controlTimes.push(now);
        if (client.controlTimes.length > 10) {
          // Binance disconnects clients that send more than 10 messages a second.
          ws.close(1008, 'too many messages');
          return;
        }
        let msg: { method?: unknown; params?: unknown; id?: unknown };
        try {
          msg = JSON.parse(text) as typeof msg;
        } catch {
          ws.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON' }, id: null }));
          return;
        }
        const params = Array.isArray(msg.params) ? (msg.params as unknown[]).map(String) : [];
        if (msg.method === 'SUBSCRIBE') {
          for (const p of params) client.streams.add(p);
          ws.send(JSON.stringify({ result: null, id: msg.id }));
          pump();
        } else if (msg.method === 'UNSUBSCRIBE') {
          for (const p of params) client.streams.delete(p);
          ws.send(JSON.stringify({ result: null, id: msg.id }));
        } else if (msg.method === 'LIST_SUBSCRIPTIONS') {
          ws.send(JSON.stringify({ result: [...client.streams], id: msg.id }));
        } else {
          ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request' }, id: msg.id ?? null }));
        }
      });
      ws.on('close', () => clients.delete(client));
      ws.on('error', () => clients.delete(client));
      pump();
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    restUrl: `http://127.0.0.1:${port}`,
    port,
    published: () => cursor,
    finished,
    publishedTrades: (symbol) => (bySymbol.get(symbol) ?? []).slice(0, publishedCount.get(symbol) ?? 0),
    stats,
    openConnections: () => clients.size,
    play: () => {
      playing = true;
      pump();
    },
    pause: () => {
      playing = false;
    },
    dropAll,
    publishOffline: (n) => {
      for (let k = 0; k < n && cursor < trades.length; k++) publish(trades[cursor++]!);
      if (cursor >= trades.length) resolveFinished();
    },
    refuseStreams: (on) => {
      streamsRefused = on;
    },
    refuseRest: (on) => {
      restRefused = on;
    },
    sendRaw: (text) => {
      for (const c of clients) c.ws.send(text);
    },
    ping: () => {
      for (const c of clients) c.ws.ping();
    },
    close: async () => {
      dropAll();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
