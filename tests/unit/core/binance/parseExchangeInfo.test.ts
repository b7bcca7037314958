import { describe, expect, it } from 'vitest';
import { parseExchangeInfo, tradingPerpetuals } from '../../../../src/core/binance/parseExchangeInfo';

describe('exchangeInfo', () => {
  it('lists symbols with status and contract type, and the server time', () => {
    const info = parseExchangeInfo({
      serverTime: 1_723_336_200_000,
      symbols: [
        { symbol: 'ETHUSDT', status: 'TRADING', contractType: 'PERPETUAL', filters: [] },
        { symbol: 'BTCUSDT', status: 'TRADING', contractType: 'PERPETUAL' },
        { symbol: 'BTCUSDT_240927', status: 'TRADING', contractType: 'CURRENT_QUARTER' },
        { symbol: 'OLDUSDT', status: 'SETTLING', contractType: 'PERPETUAL' },
        { symbol: 'NEWUSDT', status: 'PENDING_TRADING', contractType: 'PERPETUAL' },
        { symbol: 42, status: 'TRADING' },
        null,
      ],
    });
    if (typeof info === 'string') throw new Error(info);
    expect(info.serverTime).toBe(1_723_336_200_000);
    expect(info.symbols.map((s) => s.symbol)).toEqual(['ETHUSDT', 'BTCUSDT', 'BTCUSDT_240927', 'OLDUSDT', 'NEWUSDT']);
    expect(tradingPerpetuals(info)).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('says what is wrong with an answer that is not an exchangeInfo', () => {
    expect(parseExchangeInfo({ code: -1, msg: 'no' })).toBe('exchangeInfo: unexpected answer (no symbols list)');
    expect(parseExchangeInfo(null)).toBe('exchangeInfo: unexpected answer (no symbols list)');
    const noTime = parseExchangeInfo({ symbols: [] });
    expect(typeof noTime !== 'string' && noTime.serverTime).toBeNull();
  });
});
