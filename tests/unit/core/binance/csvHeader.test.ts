import { describe, expect, it } from 'vitest';
import { csvLayout, csvLayoutFromHeader, parseCsvRow, type CsvLayout } from '../../../../src/core/binance';

const T = Date.UTC(2024, 7, 8, 12);
const now = () => Date.UTC(2024, 7, 9);

function layout(header: string): CsvLayout {
  const l = csvLayoutFromHeader(header.split(','));
  if ('problem' in l) throw new Error(l.problem);
  return l;
}

describe('CSV header by name', () => {
  it('reads reordered trades and aggTrades columns by name', () => {
    const trades = layout('id,qty,price,quote_qty,time,is_buyer_maker');
    expect(parseCsvRow(['11', '0.25', '60000.5', '15000.125', String(T), 'false'], trades, 'BTCUSDT', now)).toEqual({
      kind: 'tick',
      stream: 'trade',
      tick: { symbol: 'BTCUSDT', tradeId: 11, ts: T, price: 60000.5, size: 0.25, isBuyerMaker: false },
    });
    const agg = layout(' Transact_Time , is_buyer_maker,quantity,price,agg_trade_id');
    expect(parseCsvRow([String(T), 'True', '3', '2500', '42'], agg, 'ETHUSDT', now)).toEqual({
      kind: 'tick',
      stream: 'aggTrade',
      tick: { symbol: 'ETHUSDT', tradeId: 42, ts: T, price: 2500, size: 3, isBuyerMaker: true },
    });
    // The documented order maps to the same positions as the header-less default.
    expect(layout('id,price,qty,quote_qty,time,is_buyer_maker')).toEqual(csvLayout('trades'));
  });

  it('refuses a header it cannot map, naming the column', () => {
    const problem = (h: string) => (csvLayoutFromHeader(h.split(',')) as { problem?: string }).problem;
    expect(problem('id,price,qty,quote_qty,time,is_buyer_maker,fee')).toBe(
      'unknown column "fee" (trades files have id,price,qty,quote_qty,time,is_buyer_maker)',
    );
    expect(problem('agg_trade_id,price,qty,transact_time,is_buyer_maker')).toMatch(
      /^unknown column "qty" \(aggTrades files have agg_trade_id,/,
    );
    expect(problem('id,price,qty,time')).toBe('the trades header has no "is_buyer_maker" column');
    expect(problem('id,price,price,qty,time,is_buyer_maker')).toBe('column "price" appears twice in the header');
    expect(problem('open_time,open,high,low,close')).toBe(
      'the header names neither "id" (trades) nor "agg_trade_id" (aggTrades)',
    );
    expect(problem('id,price,qty,time,is_buyer_maker,\u001b[2Jx')).toBe(
      'unknown column "\\u001b[2Jx" (trades files have id,price,qty,quote_qty,time,is_buyer_maker)',
    );
  });
});
