import { describe, expect, it } from 'vitest';
import {
  csvLayout,
  parseCsvRow,
  parseJsonMessage,
  parseRestAggTrade,
  parseStreamMessage,
} from '../../../../src/core/binance';
import { scanTradeFrame } from '../../../../src/core/binance/scanTrade';
import { MIN_TRADE_TS } from '../../../../src/core/binance/tradeBounds';
import { normalizeSymbol, symbolSchema } from '../../../../src/shared/market';
import { printable } from '../../../../src/shared/printable';

const NOW = Date.UTC(2024, 7, 9);
const now = () => NOW;
const T = Date.UTC(2024, 7, 8, 12);
const frame = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    stream: 'btcusdt@aggTrade',
    data: { e: 'aggTrade', E: T, a: 7, s: 'BTCUSDT', p: '60000.5', q: '0.25', f: 1, l: 2, T, m: true, ...over },
  });

describe('trade values a bar can carry', () => {
  it('rejects prices and sizes whose products would not be finite, on every path', () => {
    for (const [over, reason] of [
      [{ p: '1e308' }, 'price out of range (1e15 or more)'],
      [{ p: 1e308 }, 'price out of range (1e15 or more)'],
      [{ q: '1e308' }, 'size out of range (1e15 or more)'],
      [{ q: 1e300, p: '1e300' }, 'price out of range (1e15 or more)'],
    ] as const) {
      const f = frame(over);
      expect(parseStreamMessage(f, { now }), f).toEqual({ kind: 'reject', symbol: 'BTCUSDT', reason });
    }
    expect(parseCsvRow(['1', '1e308', '1', '1', String(T), 'true'], csvLayout('trades'), 'BTCUSDT', now)).toMatchObject(
      { kind: 'reject', reason: 'price out of range (1e15 or more)' },
    );
    expect(parseRestAggTrade({ a: 1, p: '2', q: '1e308', T, m: false }, 'BTCUSDT', now)).toMatchObject({
      kind: 'reject',
      reason: 'size out of range (1e15 or more)',
    });
    // Binance's own extremes still pass: a 1e6 price, a 1e10 meme-coin size.
    expect(parseStreamMessage(frame({ p: '1000000.5', q: '10000000000' }), { now })).toMatchObject({
      kind: 'tick',
      tick: { price: 1000000.5, size: 1e10 },
    });
  });
});

describe('trade times', () => {
  it('rejects seconds, microseconds, pre-2017 and far-future times, naming the likely mistake', () => {
    const cases: [number, string][] = [
      [Math.floor(T / 1000), 'trade time in seconds, not milliseconds'],
      [T * 1000, 'trade time in microseconds, not milliseconds'],
      [MIN_TRADE_TS - 1, 'trade time before 2017-01-01'],
      [NOW + 86_400_001, 'trade time more than a day ahead'],
    ];
    for (const [ts, reason] of cases) {
      expect(parseStreamMessage(frame({ T: ts }), { now }), String(ts)).toEqual({
        kind: 'reject',
        symbol: 'BTCUSDT',
        reason,
      });
      expect(parseCsvRow(['1', '2', '1', '2', String(ts), 'true'], csvLayout('trades'), 'BTCUSDT', now)).toMatchObject({
        kind: 'reject',
        reason,
      });
      expect(parseRestAggTrade({ a: 1, p: '2', q: '1', T: ts, m: false }, 'BTCUSDT', now)).toMatchObject({
        kind: 'reject',
        reason,
      });
    }
    for (const ts of [MIN_TRADE_TS, T, NOW + 86_400_000])
      expect(parseStreamMessage(frame({ T: ts }), { now })).toMatchObject({ kind: 'tick', tick: { ts } });
  });

  it('the fast scanner declines what the slow path rejects, and the wall clock is the default', () => {
    const micro = frame({ T: T * 1000 });
    expect(scanTradeFrame(micro)).toBeNull();
    expect(parseStreamMessage(micro)).toEqual(parseJsonMessage(micro));
    expect(parseStreamMessage(micro)).toMatchObject({
      kind: 'reject',
      reason: 'trade time in microseconds, not milliseconds',
    });
    const tomorrow = frame({ T: Date.now() + 3_600_000 });
    expect(scanTradeFrame(tomorrow)).toMatchObject({ kind: 'tick' });
  });
});

describe('symbols', () => {
  const esc = '\u001b[2J\u001b[31mBTCUSDT';

  it('one validator: 2-30 ASCII letters or digits, stored uppercase', () => {
    expect(normalizeSymbol('btcUsdt')).toBe('BTCUSDT');
    for (const bad of [esc, 'BTC USDT', 'B', 'X'.repeat(31), 'ßtcusdt', 'ıcpusdt', 'BTC/USDT', '']) {
      expect(normalizeSymbol(bad), bad).toBeNull();
      expect(symbolSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('a frame with escape sequences in its symbol is rejected without the symbol, never stored or echoed', () => {
    for (const s of [esc, 'ßtcusdt', 'BTC"USDT', 'B']) {
      const f = frame({ s });
      const r = parseStreamMessage(f, { now });
      expect(r, f).toEqual({ kind: 'reject', symbol: null, reason: 'invalid symbol "s" (not 2-30 letters or digits)' });
      expect(scanTradeFrame(f, { now })).toBeNull();
    }
    // The raw escape byte inside a JSON string is invalid JSON in the first place.
    expect(parseStreamMessage(`{"e":"trade","T":${T},"s":"\u001bBTC","t":1,"p":"1","q":"1","m":true}`)).toMatchObject({
      kind: 'reject',
      reason: 'malformed JSON',
    });
  });

  it('printable shows control characters as escapes', () => {
    expect(printable(esc)).toBe('\\u001b[2J\\u001b[31mBTCUSDT');
    expect(printable('a\u009bb\u202ec\u007f')).toBe('a\\u009bb\\u202ec\\u007f');
    expect(printable('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
