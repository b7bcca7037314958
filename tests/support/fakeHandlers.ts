import type { RequestHandlers } from '../../src/shared/contract';
import type { Bar } from '../../src/shared/market';

export function sampleBar(ts: number, symbol = 'BTCUSDT'): Bar {
  return { symbol, tf: '1s', ts, open: 10, high: 12, low: 9, close: 11, volume: 2, quoteVolume: 21, trades: 3, vwap: 10.5, buyVolume: 1 };
}

/** Handlers for every contract channel with harmless answers; tests override a few. */
export function fakeHandlers(overrides: Partial<RequestHandlers> = {}): RequestHandlers {
  const base: RequestHandlers = {
    'system.ping': () => ({ now: 1 }),
    'system.getStatus': () => ({ version: 'test', source: 'none', symbols: [], dbPath: ':memory:', dbSizeBytes: 0 }),
    'market.listSymbols': () => ({ symbols: ['BTCUSDT'] }),
    'market.getBars': () => ({ bars: [] }),
    'analytics.getSnapshot': ({ to: _to, ...pair }) => ({ ok: false, pair, reason: 'not_enough_data', message: 'no bars', available: 0, computedAt: 0 }),
    'analytics.getSeries': ({ from: _f, to: _t, limit: _l, ...pair }) => ({ pair, points: [] }),
    'analytics.watchPair': (q) => ({ watching: q }),
  };
  return { ...base, ...overrides } as RequestHandlers;
}
