import type { ScanPair } from '../../../shared/contract';

/** Sortable columns of the scan table. */
export type ScanKey =
  'pair' | 'qvalue' | 'pvalue' | 'pYX' | 'pXY' | 'corr' | 'beta' | 'halfLife' | 'zLast' | 'crossings' | 'n';

export interface ScanSort {
  readonly key: ScanKey;
  readonly dir: 'asc' | 'desc';
}

/** The scan's own order (q, then p, then names): the table's starting sort. */
export const SCAN_ORDER: ScanSort = { key: 'qvalue', dir: 'asc' };

/**
 * The Engle–Granger p-value of one direction, named by the scan's orientation: `yx` with y
 * dependent (the better direction, the one the scan chose), `xy` the other way round.
 */
export function directionP(r: Pick<ScanPair, 'a' | 'y' | 'coint'>, dir: 'yx' | 'xy'): number {
  const yIsA = r.y === r.a;
  return (dir === 'yx') === yIsA ? r.coint.ab.pvalue : r.coint.ba.pvalue;
}

function value(r: ScanPair, key: ScanKey): number | string | null {
  switch (key) {
    case 'pair':
      return `${r.y}/${r.x}`;
    case 'pYX':
      return directionP(r, 'yx');
    case 'pXY':
      return directionP(r, 'xy');
    default:
      return r[key];
  }
}

/**
 * Sorted copy. Missing values (a half-life of a spread that does not revert) go last in
 * either direction: they are not "longest". Ties keep the scan's order (a stable sort on
 * rows that come in the scan's order).
 */
export function sortScanRows(rows: readonly ScanPair[], sort: ScanSort): ScanPair[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a, sort.key);
    const vb = value(b, sort.key);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    return va < vb ? -sign : va > vb ? sign : 0;
  });
}

/** A header click: the same column flips its direction; a new column starts at its natural one. */
export function nextScanSort(current: ScanSort, key: ScanKey): ScanSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  // Correlation, points and crossings are read largest first; p, q and half-life smallest.
  const desc: ScanKey[] = ['corr', 'crossings', 'n'];
  return { key, dir: desc.includes(key) ? 'desc' : 'asc' };
}

/** The row's key in the table and the scatter (a pair is unique in one scan). */
export function scanRowKey(r: Pick<ScanPair, 'a' | 'b'>): string {
  return `${r.a}|${r.b}`;
}
