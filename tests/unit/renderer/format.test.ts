import { describe, expect, it } from 'vitest';
import { baseAsset } from '../../../src/renderer/lib/format';

describe('volume unit of a symbol', () => {
  it('is the base asset: the symbol without its quote (and a quarterly contract date)', () => {
    expect(baseAsset('BTCUSDT')).toBe('BTC');
    expect(baseAsset('1000PEPEUSDT')).toBe('1000PEPE');
    expect(baseAsset('ETHUSDC')).toBe('ETH');
    expect(baseAsset('BTCUSDT_250328')).toBe('BTC');
    expect(baseAsset('WEIRD')).toBe('WEIRD');
  });
});
