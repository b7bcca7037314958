import { describe, expect, it } from 'vitest';
import { ExchangeInfoError, fetchExchangeInfo, tradingSymbols } from '../../../../src/engine/feed/exchangeInfo';

const restAnswering = (body: unknown) => {
  const asked: { path: string; maxAttempts?: number }[] = [];
  return {
    asked,
    getJson: async (path: string, call: { maxAttempts?: number } = {}) => {
      asked.push({ path, maxAttempts: call.maxAttempts });
      return body;
    },
  };
};

describe('fetchExchangeInfo', () => {
  it('asks /fapi/v1/exchangeInfo with the given attempts and lists TRADING symbols ascending', async () => {
    const rest = restAnswering({
      serverTime: 1_700_000_000_000,
      symbols: [
        { symbol: 'ETHUSDT', status: 'TRADING', contractType: 'PERPETUAL' },
        { symbol: 'OLDUSDT', status: 'SETTLING', contractType: 'PERPETUAL' },
        { symbol: 'BTCUSDT_250328', status: 'TRADING', contractType: 'CURRENT_QUARTER' },
        { symbol: 'BTCUSDT', status: 'TRADING', contractType: 'PERPETUAL' },
      ],
    });
    const info = await fetchExchangeInfo(rest, 2);
    expect(rest.asked).toEqual([{ path: '/fapi/v1/exchangeInfo', maxAttempts: 2 }]);
    expect(info.serverTime).toBe(1_700_000_000_000);
    expect(tradingSymbols(info)).toEqual(['BTCUSDT', 'BTCUSDT_250328', 'ETHUSDT']);
  });

  it('an answer without a symbols list is an ExchangeInfoError that says so', async () => {
    const failure = fetchExchangeInfo(restAnswering({ code: -1, msg: 'maintenance' }));
    await expect(failure).rejects.toBeInstanceOf(ExchangeInfoError);
    await expect(failure).rejects.toThrow('exchangeInfo: unexpected answer (no symbols list)');
  });
});
