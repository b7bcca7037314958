import { describe, expect, it } from 'vitest';
import { decodeTick, encodeTick, subjectSymbol, tickMsgId, tickSubject } from '../../../../src/core/bus/tickMessage';
import type { Tick } from '../../../../src/shared/market';

const tick: Tick = {
  symbol: 'BTCUSDT',
  tradeId: 5_123_456_789,
  ts: 1_723_161_256_123,
  price: 63944.1,
  size: 0.002,
  isBuyerMaker: true,
};

describe('tick bus messages', () => {
  it('round-trips a tick exactly, ids and milliseconds included', () => {
    expect(decodeTick(encodeTick(tick), tickSubject('BTCUSDT'))).toEqual({ kind: 'tick', stream: 'aggTrade', tick });
    expect(tickSubject('BTCUSDT')).toBe('ticks.binance-um.BTCUSDT');
    expect(tickMsgId('BTCUSDT', 42)).toBe('binance-um:BTCUSDT:42');
  });

  it('rejects broken bodies with a reason, and a body that names another symbol than its subject', () => {
    const subject = tickSubject('BTCUSDT');
    const reason = (body: string) => {
      const r = decodeTick(body, subject);
      return r.kind === 'reject' ? r.reason : r.kind;
    };
    expect(reason('{')).toBe('bus message is not JSON');
    expect(reason('[1]')).toBe('bus message is not a JSON object');
    expect(reason(encodeTick({ ...tick, symbol: 'ETHUSDT' }))).toMatch(/names symbol "ETHUSDT"/);
    expect(reason(JSON.stringify({ ...tick, price: -1 }))).toBe('non-positive price');
    expect(reason(JSON.stringify({ ...tick, tradeId: 1.5 }))).toBe('invalid trade id');
    expect(reason(JSON.stringify({ ...tick, isBuyerMaker: 'maybe' }))).toBe('invalid buyer-maker flag');
    expect(decodeTick(encodeTick(tick), 'ticks.other-venue.BTCUSDT')).toMatchObject({ kind: 'reject', symbol: null });
    expect(subjectSymbol('ticks.binance-um.btc\u001b[2J')).toBeNull();
  });
});
