import { describe, expect, it } from 'vitest';
import {
  FUNDING_DEFAULT_COLUMNS,
  fundingColumns,
  isFundingFileName,
  parseFundingCsvRow,
  parseRestFundingRow,
} from '../../../../src/core/binance/parseFunding';

describe('fundingRate files (data.binance.vision)', () => {
  it('reads the header by name, in any order', () => {
    expect(fundingColumns(['calc_time', 'funding_interval_hours', 'last_funding_rate'])).toEqual(
      FUNDING_DEFAULT_COLUMNS,
    );
    expect(fundingColumns(['last_funding_rate', ' CALC_TIME '])).toEqual({ time: 1, interval: null, rate: 0 });
    expect(fundingColumns(['id', 'price', 'qty'])).toBeNull();
  });

  it('parses a row, negative rates included', () => {
    expect(parseFundingCsvRow(['1722470400000', '8', '-0.00012345'], FUNDING_DEFAULT_COLUMNS, 'BTCUSDT')).toEqual({
      ok: true,
      rate: { symbol: 'BTCUSDT', ts: 1722470400000, rate: -0.00012345, intervalHours: 8, markPrice: null },
    });
    expect(parseFundingCsvRow(['1722470400000', '', '0.0001'], FUNDING_DEFAULT_COLUMNS, 'X1')).toMatchObject({
      ok: true,
      rate: { intervalHours: null },
    });
  });

  it.each([
    [['1722470400000', '8'], 'expected 3 columns, got 2'],
    [['soon', '8', '0.0001'], 'invalid funding time'],
    [['1722470400000', '8', 'NaN'], 'invalid funding rate'],
    [['1722470400000', '8', ''], 'invalid funding rate'],
    [['1722470400000', '-8', '0.0001'], 'invalid funding interval'],
  ])('rejects %j: %s', (fields, reason) => {
    expect(parseFundingCsvRow(fields, FUNDING_DEFAULT_COLUMNS, 'BTCUSDT')).toEqual({ ok: false, reason });
  });

  it('knows a funding file by its name', () => {
    expect(isFundingFileName('BTCUSDT-fundingRate-2024-08.zip')).toBe(true);
    expect(isFundingFileName('BTCUSDT-trades-2024-08-08.zip')).toBe(false);
  });
});

describe('GET /fapi/v1/fundingRate rows', () => {
  it('parses fundingTime, fundingRate and markPrice', () => {
    expect(
      parseRestFundingRow(
        { symbol: 'BTCUSDT', fundingTime: 1698768000000, fundingRate: '0.00010000', markPrice: '34287.54619963' },
        'BTCUSDT',
      ),
    ).toEqual({
      ok: true,
      rate: { symbol: 'BTCUSDT', ts: 1698768000000, rate: 0.0001, intervalHours: null, markPrice: 34287.54619963 },
    });
    expect(
      parseRestFundingRow(
        { symbol: 'BTCUSDT', fundingTime: 1570608000000, fundingRate: '-0.03750000', markPrice: '' },
        'BTCUSDT',
      ),
    ).toMatchObject({
      ok: true,
      rate: { rate: -0.0375, markPrice: null },
    });
  });

  it.each([
    [null, 'fundingRate row is not an object'],
    [{ symbol: 'ETHUSDT', fundingTime: 1, fundingRate: '0' }, 'row is for ETHUSDT, not BTCUSDT'],
    [{ fundingTime: 'x', fundingRate: '0' }, 'invalid funding time'],
    [{ fundingTime: 1698768000000, fundingRate: 'abc' }, 'invalid funding rate'],
  ])('rejects %j', (row, reason) => {
    expect(parseRestFundingRow(row, 'BTCUSDT')).toEqual({ ok: false, reason });
  });
});
