import { REQUEST_CHANNELS, type RequestHandlers } from '../../src/shared/contract';
import type { Bar } from '../../src/shared/market';

export function sampleBar(ts: number, symbol = 'BTCUSDT'): Bar {
  return {
    symbol,
    tf: '1s',
    ts,
    open: 10,
    high: 12,
    low: 9,
    close: 11,
    volume: 2,
    quoteVolume: 21,
    trades: 3,
    vwap: 10.5,
    buyVolume: 1,
  };
}

/**
 * Handlers for every contract channel: a few harmless answers, and for any other channel
 * a handler that fails loudly, so a new channel never needs this file edited. Tests
 * override what they exercise.
 */
export function fakeHandlers(overrides: Partial<RequestHandlers> = {}): RequestHandlers {
  const failing = Object.fromEntries(
    REQUEST_CHANNELS.map((c) => [
      c,
      () => {
        throw new Error(`${c} is not faked in this test`);
      },
    ]),
  );
  const base: Partial<RequestHandlers> = {
    'system.ping': () => ({ now: 1 }),
    'system.getStatus': () => ({ version: 'test', source: 'none', symbols: [], dbPath: ':memory:', dbSizeBytes: 0 }),
    'market.listSymbols': () => ({ symbols: ['BTCUSDT'] }),
    'market.getBars': () => ({ bars: [] }),
  };
  return { ...failing, ...base, ...overrides } as RequestHandlers;
}
