import { describe, expect, it } from 'vitest';
import { WATCH_SORT_KEYS, nextSort, sortWatchRows } from '../../../../src/renderer/lib/watchlist/watchSort';
import { row } from './fixtures';

const rows = [
  row({ pair: { y: 'SOLUSDT', tf: '1m', window: 600 }, z: -2.5, spread: 3, state: 'live' }),
  row({ pair: { y: 'ADAUSDT', tf: '1s', window: 100 }, z: 1, spread: -1, state: 'broken' }),
  row({ pair: { y: 'BNBUSDT', tf: '5s', window: 300 }, z: null, spread: null, state: 'warming' }),
  row({ pair: { y: 'XRPUSDT', tf: '1h', window: 60 }, z: 0.2, spread: 0, state: 'stale' }),
];
const ys = (list: { pair: { y: string } }[]) => list.map((r) => r.pair.y.replace('USDT', ''));

describe('sortWatchRows', () => {
  it('sorts z by distance from the mean, either side, the undefined last in both directions', () => {
    expect(ys(sortWatchRows(rows, { key: 'z', dir: 'desc' }))).toEqual(['SOL', 'ADA', 'XRP', 'BNB']);
    expect(ys(sortWatchRows(rows, { key: 'z', dir: 'asc' }))).toEqual(['XRP', 'ADA', 'SOL', 'BNB']);
  });

  it('sorts the pair by name, tf by duration (1s < 5s < 1m < 1h), W by size', () => {
    expect(ys(sortWatchRows(rows, { key: 'pair', dir: 'asc' }))).toEqual(['ADA', 'BNB', 'SOL', 'XRP']);
    expect(ys(sortWatchRows(rows, { key: 'tf', dir: 'asc' }))).toEqual(['ADA', 'BNB', 'SOL', 'XRP']);
    expect(ys(sortWatchRows(rows, { key: 'window', dir: 'desc' }))).toEqual(['SOL', 'BNB', 'ADA', 'XRP']);
  });

  it('sorts a signed figure by its value, and the state most urgent first', () => {
    expect(ys(sortWatchRows(rows, { key: 'spread', dir: 'asc' }))).toEqual(['ADA', 'XRP', 'SOL', 'BNB']);
    expect(ys(sortWatchRows(rows, { key: 'state', dir: 'asc' }))).toEqual(['ADA', 'XRP', 'BNB', 'SOL']);
  });

  it('sorts by every column without throwing, keeps every row and does not touch its input', () => {
    const before = ys(rows);
    for (const key of WATCH_SORT_KEYS) {
      for (const dir of ['asc', 'desc'] as const) expect(sortWatchRows(rows, { key, dir })).toHaveLength(rows.length);
    }
    expect(ys(rows)).toEqual(before);
  });

  it('keeps ties in a stable order by pair, then tf, then W', () => {
    const tied = [row({ pair: { window: 600 }, z: 1 }), row({ pair: { tf: '1m' }, z: 1 }), row({ z: -1 })];
    const out = sortWatchRows(tied, { key: 'z', dir: 'desc' });
    expect(out.map((r) => `${r.pair.tf}/${r.pair.window}`)).toEqual(['1s/300', '1s/600', '1m/300']);
  });
});

describe('nextSort', () => {
  it('starts a figure largest first, a name A→Z, and flips on a second click', () => {
    expect(nextSort({ key: 'pair', dir: 'asc' }, 'z')).toEqual({ key: 'z', dir: 'desc' });
    expect(nextSort({ key: 'z', dir: 'desc' }, 'pair')).toEqual({ key: 'pair', dir: 'asc' });
    expect(nextSort({ key: 'z', dir: 'desc' }, 'z')).toEqual({ key: 'z', dir: 'asc' });
    expect(nextSort({ key: 'z', dir: 'asc' }, 'z')).toEqual({ key: 'z', dir: 'desc' });
  });
});
