import { describe, expect, it } from 'vitest';
import {
  parseStreamMessage,
  parseTradePayload,
  parseRestAggTrade,
  parseCsvRow,
  csvLayout,
  csvLayoutFromHeader,
  splitLogLine,
  csvKindFromFileName,
} from '../../../../src/core/binance';

const agg = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    stream: 'btcusdt@aggTrade',
    data: {
      e: 'aggTrade',
      E: 2,
      a: 26129,
      p: '0.01633102',
      q: '4.70443515',
      nq: '4.7',
      f: 27781,
      l: 27781,
      T: 1498793709153,
      s: 'BTCUSDT',
      m: true,
      st: 'x',
      ...over,
    },
  });

describe('parseStreamMessage', () => {
  it('parses a combined aggTrade frame and ignores unknown fields', () => {
    const r = parseStreamMessage(agg());
    expect(r).toEqual({
      kind: 'tick',
      stream: 'aggTrade',
      tick: {
        symbol: 'BTCUSDT',
        tradeId: 26129,
        ts: 1498793709153,
        price: 0.01633102,
        size: 4.70443515,
        isBuyerMaker: true,
      },
    });
  });

  it('parses a raw trade payload (ids from t)', () => {
    const raw =
      '{"e":"trade","E":1721347022956,"T":1721347022956,"s":"BTCUSDT","t":5182005737,"p":"63943.90","q":"0.003","X":"MARKET","m":false}';
    const r = parseStreamMessage(raw);
    expect(r.kind).toBe('tick');
    if (r.kind === 'tick') expect(r.tick).toMatchObject({ tradeId: 5182005737, price: 63943.9, isBuyerMaker: false });
    expect(r.kind === 'tick' && r.stream).toBe('trade');
  });

  it('ignores bookTicker, depth and subscription replies', () => {
    expect(
      parseStreamMessage(
        '{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}}',
      ).kind,
    ).toBe('ignored');
    expect(parseStreamMessage('{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","s":"BTCUSDT"}}').kind).toBe(
      'ignored',
    );
    expect(parseStreamMessage('{"result":null,"id":1}').kind).toBe('ignored');
    expect(parseStreamMessage('{"lastUpdateId":1,"bids":[],"asks":[]}').kind).toBe('ignored');
  });

  it.each([
    ['{"stream":', 'malformed JSON'],
    ['[1,2]', 'message is not a JSON object'],
    [agg({ p: 'abc' }), 'invalid price (NaN or not a number)'],
    [agg({ p: '0' }), 'non-positive price'],
    [agg({ p: '-1' }), 'non-positive price'],
    [agg({ q: '0.000' }), 'non-positive size'],
    [agg({ q: 'NaN' }), 'invalid size (NaN or not a number)'],
    [agg({ p: '' }), 'invalid price (NaN or not a number)'],
    [agg({ p: undefined }), 'missing price "p"'],
    [agg({ T: undefined }), 'missing trade time "T"'],
    [agg({ T: -5 }), 'invalid trade time'],
    [agg({ a: 1.5 }), 'invalid trade id'],
    [agg({ a: undefined }), 'invalid trade id'],
    [agg({ m: 'maybe' }), 'invalid buyer-maker flag'],
    [agg({ s: undefined }), 'missing symbol "s"'],
    ['{"stream":"x","data":{"s":"BTCUSDT","p":"1"}}', 'missing event type "e"'],
  ])('rejects %s with reason %s', (text, reason) => {
    const r = parseStreamMessage(text);
    expect(r).toMatchObject({ kind: 'reject', reason });
  });

  it('rejects unknown symbols when a set is given', () => {
    const r = parseStreamMessage(agg({ s: 'DOGEUSDT' }), { symbols: new Set(['BTCUSDT']) });
    expect(r).toEqual({ kind: 'reject', symbol: 'DOGEUSDT', reason: 'unknown symbol DOGEUSDT' });
  });

  it('rejects non-object payloads', () => {
    expect(parseTradePayload(null).kind).toBe('reject');
    expect(parseTradePayload('x').kind).toBe('reject');
  });
});

describe('REST, CSV and log lines', () => {
  it('parses a REST aggTrades row', () => {
    const r = parseRestAggTrade(
      { a: 26129, p: '0.01633102', q: '4.70443515', f: 27781, l: 27781, T: 1498793709153, m: true },
      'BTCUSDT',
    );
    expect(r).toMatchObject({ kind: 'tick', tick: { tradeId: 26129, symbol: 'BTCUSDT' } });
    expect(parseRestAggTrade({ a: 1, p: 'x' }, 'BTCUSDT').kind).toBe('reject');
  });

  it('parses trades and aggTrades CSV rows and detects headers', () => {
    expect(csvLayoutFromHeader(['id', 'price', 'qty', 'quote_qty', 'time', 'is_buyer_maker'])).toEqual(
      csvLayout('trades'),
    );
    expect(
      csvLayoutFromHeader([
        ...'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker'.split(','),
      ]),
    ).toEqual(csvLayout('aggTrades'));
    expect(csvLayoutFromHeader(['5182005737', '63943.90'])).toHaveProperty('problem');
    expect(
      parseCsvRow(
        ['5182005737', '63943.90', '0.003', '191.8317', '1721347022956', 'true'],
        csvLayout('trades'),
        'BTCUSDT',
      ),
    ).toMatchObject({
      kind: 'tick',
      tick: { tradeId: 5182005737, price: 63943.9, size: 0.003, ts: 1721347022956, isBuyerMaker: true },
    });
    expect(
      parseCsvRow(['26129', '0.5', '4', '27781', '27782', '1498793709153', 'False'], csvLayout('aggTrades'), 'X'),
    ).toMatchObject({
      kind: 'tick',
      tick: { tradeId: 26129, ts: 1498793709153, isBuyerMaker: false },
    });
    expect(parseCsvRow(['1', '2'], csvLayout('trades'), 'X')).toMatchObject({
      kind: 'reject',
      reason: 'expected 6 columns, got 2',
    });
    expect(csvKindFromFileName('BTCUSDT-aggTrades-2024-01-01.zip')).toBe('aggTrades');
    expect(csvKindFromFileName('BTCUSDT-trades-2024-01-01.csv')).toBe('trades');
  });

  it('splits recorded log lines', () => {
    expect(splitLogLine('1723161256322000000 {"a":1}')).toEqual({ recvNs: 1723161256322000000n, json: '{"a":1}' });
    expect(splitLogLine('{"a":1}')).toEqual({ recvNs: null, json: '{"a":1}' });
    expect(splitLogLine('   ')).toBeNull();
  });
});
