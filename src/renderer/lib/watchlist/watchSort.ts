import { TIMEFRAMES } from '../../../shared/market';
import type { WatchRow, WatchState } from '../../../shared/contract/watchlist';

/** Every column a watchlist row can be sorted by. */
export const WATCH_SORT_KEYS = [
  'pair',
  'tf',
  'window',
  'z',
  'spread',
  'beta',
  'correlation',
  'adfPvalue',
  'halfLife',
  'state',
] as const;
export type WatchSortKey = (typeof WATCH_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface WatchSort {
  key: WatchSortKey;
  dir: SortDir;
}

/** Most urgent first when sorted ascending: a broken or stale row needs a look before a live one. */
const STATE_ORDER: Record<WatchState, number> = { broken: 0, stale: 1, warming: 2, live: 3 };

/**
 * What a column sorts by. z sorts by |z| (how far from the mean, either side: what a pair
 * trader scans for); the others by their value. Strings and numbers are never mixed in a column.
 */
function sortValue(r: WatchRow, key: WatchSortKey): number | string | null {
  switch (key) {
    case 'pair':
      return `${r.pair.y}/${r.pair.x}`;
    case 'tf':
      return TIMEFRAMES.indexOf(r.pair.tf);
    case 'window':
      return r.pair.window;
    case 'z':
      return r.z === null ? null : Math.abs(r.z);
    case 'state':
      return STATE_ORDER[r.state];
    default:
      return r[key];
  }
}

/**
 * The rows in the chosen order. Rows without the figure (null, NaN) go last whichever the
 * direction; ties keep a stable order by pair, tf and W so rows do not jump between pushes.
 */
export function sortWatchRows(rows: readonly WatchRow[], sort: WatchSort): WatchRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((r) => ({ r, v: sortValue(r, sort.key) }))
    .sort((a, b) => {
      const an = missing(a.v);
      const bn = missing(b.v);
      if (an !== bn) return an ? 1 : -1;
      if (!an && a.v !== b.v) return sign * compare(a.v!, b.v!);
      return tieBreak(a.r, b.r);
    })
    .map((e) => e.r);
}

/**
 * Clicking a column's header: a new column starts in its natural direction (figures largest
 * first, names A→Z); the same column again flips the direction.
 */
export function nextSort(current: WatchSort, key: WatchSortKey): WatchSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'pair' || key === 'tf' || key === 'state' || key === 'adfPvalue' ? 'asc' : 'desc' };
}

export const DEFAULT_WATCH_SORT: WatchSort = { key: 'z', dir: 'desc' };

function missing(v: number | string | null): boolean {
  return v === null || (typeof v === 'number' && !Number.isFinite(v));
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
  return (a as number) - (b as number);
}

function tieBreak(a: WatchRow, b: WatchRow): number {
  return (
    `${a.pair.y}/${a.pair.x}`.localeCompare(`${b.pair.y}/${b.pair.x}`) ||
    TIMEFRAMES.indexOf(a.pair.tf) - TIMEFRAMES.indexOf(b.pair.tf) ||
    a.pair.window - b.pair.window
  );
}
