import { describe, expect, it } from 'vitest';
import {
  findWatchRow,
  mergeWatchRows,
  onWatchlist,
  replaceWatchRows,
} from '../../../../src/renderer/lib/watchlist/watchRows';
import { row } from './fixtures';

const sol = { y: 'SOLUSDT', x: 'ETHUSDT' };

describe('mergeWatchRows', () => {
  it('replaces the pushed rows by pair key and keeps the others as they are', () => {
    const a = row();
    const b = row({ pair: sol, z: 1 });
    const next = mergeWatchRows([a, b], [row({ pair: sol, ts: 2_000, z: -1.5 })]);
    expect(next[0]).toBe(a);
    expect(next[1]).toMatchObject({ pair: { y: 'SOLUSDT' }, ts: 2_000, z: -1.5 });
  });

  it('tells a pair by its tf and W too: the same legs on another window are another row', () => {
    const a = row();
    const b = row({ pair: { window: 600 }, z: 1 });
    const next = mergeWatchRows([a, b], [row({ pair: { window: 600 }, ts: 2_000, z: 3 })]);
    expect(next.map((r) => r.z)).toEqual([0.5, 3]);
  });

  it('drops a push for a pair the list does not hold (a pair just removed stays removed)', () => {
    const rows = [row()];
    expect(mergeWatchRows(rows, [row({ pair: sol })])).toBe(rows);
  });

  it('ignores a push older than the row held, and answers the same array when nothing changed', () => {
    const rows = [row({ ts: 5_000, z: 2 })];
    expect(mergeWatchRows(rows, [row({ ts: 4_000, z: 9 })])).toBe(rows);
    expect(mergeWatchRows(rows, [])).toBe(rows);
  });

  it('takes a same-bar push with a state change or a newer evaluation', () => {
    const rows = [row({ ts: 5_000, state: 'live' })];
    expect(mergeWatchRows(rows, [row({ ts: 5_000, state: 'stale' })])[0]!.state).toBe('stale');
    const evaluated = mergeWatchRows(rows, [row({ ts: 5_000, evaluatedAt: 9_000, adfPvalue: 0.2 })]);
    expect(evaluated[0]!.adfPvalue).toBe(0.2);
  });
});

describe('replaceWatchRows', () => {
  it('takes the set and reasons of the new list, keeping a held row that is newer', () => {
    const held = [row({ ts: 9_000, z: 2.5, reasons: ['screen'] }), row({ pair: sol })];
    const next = replaceWatchRows(held, [row({ ts: 8_000, z: 1, reasons: ['screen', 'watchlist'] })]);
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ ts: 9_000, z: 2.5, reasons: ['screen', 'watchlist'] });
  });
});

describe('findWatchRow / onWatchlist', () => {
  it('finds a pair by all four fields and says whether the user watches it', () => {
    const rows = [row({ reasons: ['screen'] }), row({ pair: sol, reasons: ['alert', 'watchlist'] })];
    expect(findWatchRow(rows, { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 300 })).toBe(rows[0]);
    expect(findWatchRow(rows, { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 300 })).toBeNull();
    expect(findWatchRow(rows, null)).toBeNull();
    expect(onWatchlist(rows, rows[0]!.pair)).toBe(false);
    expect(onWatchlist(rows, rows[1]!.pair)).toBe(true);
  });
});
