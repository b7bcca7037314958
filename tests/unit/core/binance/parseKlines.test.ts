import { describe, expect, it } from 'vitest';
import {
  KLINES_HEADER,
  POSITIONAL_KLINE_COLUMNS,
  klineBar,
  klineColumnsFromHeader,
  klineIntervalFromFileName,
  klineIntervalProblem,
  klineTimeframe,
  parseKlineRow,
  timeframeOfSpan,
} from '../../../../src/core/binance/parseKlines';
import { fakeKline, klineCsvFields, klineRestRow } from '../../../support/fakeBinance/klines';

const T = 1_723_075_200_000; // 2024-08-08T00:00:00Z
const k = fakeKline('BTCUSDT', 60_000, T + 60_000);

describe('klines rows', () => {
  it('parse from CSV fields and from REST arrays alike, and become a bar of their interval', () => {
    const a = parseKlineRow(klineCsvFields(k), POSITIONAL_KLINE_COLUMNS);
    const b = parseKlineRow(klineRestRow(k), POSITIONAL_KLINE_COLUMNS);
    expect(a).toEqual(b);
    if (!('kline' in a)) throw new Error(a.reject);
    expect(klineIntervalProblem(a.kline, '1m')).toBeNull();
    expect(klineBar('BTCUSDT', '1m', a.kline)).toEqual({
      symbol: 'BTCUSDT',
      tf: '1m',
      ts: k.openTime,
      open: k.open,
      high: k.high,
      low: k.low,
      close: k.close,
      volume: k.volume,
      quoteVolume: k.quoteVolume,
      trades: k.count,
      vwap: k.quoteVolume / k.volume,
      buyVolume: k.takerBuyVolume,
    });
  });

  it('a kline without volume is not a bar', () => {
    const z = fakeKline('BTCUSDT', 60_000, 13 * 60_000 * 1000);
    expect(z.volume).toBe(0);
    const r = parseKlineRow(klineCsvFields(z), POSITIONAL_KLINE_COLUMNS);
    expect('kline' in r && klineBar('BTCUSDT', '1m', r.kline)).toBeNull();
  });

  it('reads columns by name when there is a header, in any order', () => {
    const order = [...KLINES_HEADER].reverse();
    const cols = klineColumnsFromHeader(order);
    if (typeof cols === 'string') throw new Error(cols);
    const fields = klineCsvFields(k);
    const reordered = order.map((name) => fields[KLINES_HEADER.indexOf(name)]!);
    expect(parseKlineRow(reordered, cols)).toEqual(parseKlineRow(fields, POSITIONAL_KLINE_COLUMNS));
    expect(klineColumnsFromHeader(['open_time', 'open', 'high', 'low', 'close', 'volume'])).toBe(
      `the klines header lacks close_time, quote_volume, count, taker_buy_volume (expected ${KLINES_HEADER.join(',')})`,
    );
  });

  it('rejects impossible rows with a reason', () => {
    const f = klineCsvFields(k);
    const change = (i: number, v: string) =>
      parseKlineRow(
        f.map((x, j) => (j === i ? v : x)),
        POSITIONAL_KLINE_COLUMNS,
      );
    expect(parseKlineRow(f.slice(0, 6), POSITIONAL_KLINE_COLUMNS)).toEqual({ reject: 'expected 12 columns, got 6' });
    expect(change(0, 'x')).toEqual({ reject: 'invalid open time' });
    expect(change(6, String(k.openTime - 1))).toEqual({ reject: 'invalid close time' });
    expect(change(4, '-1')).toEqual({ reject: 'invalid close price' });
    expect(change(5, 'NaN')).toEqual({ reject: 'invalid volume' });
    expect(change(2, String(Math.min(k.open, k.close) / 2))).toEqual({
      reject: 'high/low do not bound open and close',
    });
    expect(change(9, String(k.volume * 2))).toEqual({ reject: 'taker buy volume exceeds volume' });
    expect(change(8, '1.5')).toEqual({ reject: 'invalid trade count' });
  });

  it('checks the interval: on the grid and exactly one interval long', () => {
    const r = parseKlineRow(klineCsvFields(k), POSITIONAL_KLINE_COLUMNS);
    if (!('kline' in r)) throw new Error(r.reject);
    expect(klineIntervalProblem(r.kline, '5m')).toMatch(
      /is not the start of a 5m interval|does not end the 5m interval/,
    );
    expect(klineIntervalProblem({ ...r.kline, openTime: r.kline.openTime + 1 }, '1m')).toBe(
      `open time ${r.kline.openTime + 1} is not the start of a 1m interval`,
    );
  });
});

describe('klines file names and intervals', () => {
  it('take the interval from data.binance.vision names, daily or monthly', () => {
    expect(klineIntervalFromFileName('BTCUSDT-1m-2024-08-08.csv')).toBe('1m');
    expect(klineIntervalFromFileName('/data/ETHUSDT-1h-2024-08.zip')).toBe('1h');
    expect(klineIntervalFromFileName('BTCUSDT-3m-2024-08-08.zip')).toBe('3m');
    expect(klineIntervalFromFileName('BTCUSDT-trades-2024-08-08.zip')).toBeNull();
    expect(klineIntervalFromFileName('BTCUSDT-aggTrades-2024-08.zip')).toBeNull();
  });

  it('map intervals and spans to Tickscope timeframes only', () => {
    expect(klineTimeframe('1m')).toBe('1m');
    expect(klineTimeframe('3m')).toBeNull();
    expect(klineTimeframe('1w')).toBeNull();
    expect(timeframeOfSpan(3_600_000)).toBe('1h');
    expect(timeframeOfSpan(180_000)).toBeNull();
  });
});
