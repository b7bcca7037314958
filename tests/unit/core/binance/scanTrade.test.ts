import { describe, expect, it } from 'vitest';
import { parseJsonMessage, parseStreamMessage } from '../../../../src/core/binance/parseStream';
import { scanTradeFrame } from '../../../../src/core/binance/scanTrade';
import { mulberry32 } from '../../../../src/core/sim/prng';
import { syntheticTicks, tickToFrame } from '../../../support/syntheticTrades';

const frames = [
  ...syntheticTicks({ symbol: 'BTCUSDT', count: 300, seed: 1 }).map((t) => tickToFrame(t, 'aggTrade')),
  ...syntheticTicks({ symbol: 'ETHUSDT', count: 300, seed: 2 }).map((t) => tickToFrame(t, 'trade')),
  '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":2,"a":26129,"p":"0.01633102","q":"4.70443515","nq":"4.7","f":27781,"l":27781,"T":1498793709153,"s":"BTCUSDT","m":true,"st":"x"}}',
  '{"e":"trade","E":1721347022956,"T":1721347022956,"s":"BTCUSDT","t":5182005737,"p":"63943.90","q":"0.003","X":"MARKET","m":false}',
  ' { "stream" : "ethusdt@trade" , "data" : { "e" : "trade" , "T" : 1721347022956 , "s" : "ethusdt" , "t" : 9 , "p" : "3000.5" , "q" : "1" , "m" : true } } ',
];

describe('fast trade-frame scanner', () => {
  it('takes the fast path for ordinary Binance frames and agrees with JSON.parse', () => {
    for (const f of frames) {
      const fast = scanTradeFrame(f);
      expect(fast, f).not.toBeNull();
      expect(fast).toEqual(parseJsonMessage(f));
    }
  });

  it('never disagrees with the JSON.parse path on mutated frames (it may only decline)', () => {
    const rnd = mulberry32(99);
    const alphabet = '{}[]":,.-+eE0123456789 \\tnulfasrTpqm';
    let declined = 0;
    let accepted = 0;
    for (let n = 0; n < 20_000; n++) {
      const base = frames[Math.floor(rnd() * frames.length)];
      const chars = base.split('');
      const edits = 1 + Math.floor(rnd() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * chars.length);
        const op = rnd();
        const ch = alphabet[Math.floor(rnd() * alphabet.length)];
        if (op < 0.33) chars.splice(at, 1);
        else if (op < 0.66) chars[at] = ch;
        else chars.splice(at, 0, ch);
      }
      const mutated = chars.join('');
      const fast = scanTradeFrame(mutated);
      if (fast === null) {
        declined++;
        continue;
      }
      accepted++;
      expect(fast, mutated).toEqual(parseJsonMessage(mutated));
    }
    // Both branches were exercised.
    expect(declined).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(100);
  });

  it('declines duplicate keys, escapes, nesting and unknown symbols so the slow path judges them', () => {
    const dup = '{"e":"trade","T":5,"s":"BTCUSDT","t":9,"p":"1","p":"2","q":"1","m":false}';
    expect(scanTradeFrame(dup)).toBeNull();
    expect(parseStreamMessage(dup)).toEqual(parseJsonMessage(dup));
    expect(scanTradeFrame('{"e":"trade","T":5,"s":"BTC\\u0055SDT","t":9,"p":"1","q":"1","m":false}')).toBeNull();
    expect(scanTradeFrame('{"e":"trade","T":5,"s":"BTCUSDT","t":9,"p":"1","q":"1","m":false,"x":{"y":1}}')).toBeNull();
    const known = new Set(['ETHUSDT']);
    const btc = '{"e":"trade","T":5,"s":"BTCUSDT","t":9,"p":"1","q":"1","m":false}';
    expect(scanTradeFrame(btc, { symbols: known })).toBeNull();
    expect(parseStreamMessage(btc, { symbols: known })).toMatchObject({
      kind: 'reject',
      reason: 'unknown symbol BTCUSDT',
    });
  });

  it('parses decimals exactly as Number() does', () => {
    const rnd = mulberry32(5);
    for (let n = 0; n < 5000; n++) {
      const int = Math.floor(rnd() * 10 ** (1 + Math.floor(rnd() * 7)));
      const frac = String(Math.floor(rnd() * 10 ** 8))
        .padStart(8, '0')
        .slice(0, 1 + Math.floor(rnd() * 8));
      const p = `${int}.${frac}`;
      if (Number(p) <= 0) continue;
      const f = `{"e":"trade","T":1721347022956,"s":"BTCUSDT","t":9,"p":"${p}","q":"0.001","m":false}`;
      const r = scanTradeFrame(f);
      expect(r?.kind === 'tick' && r.tick.price, p).toBe(Number(p));
    }
  });
});
