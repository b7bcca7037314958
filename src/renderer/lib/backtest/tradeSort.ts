import type { BacktestTrade } from '../../../shared/contract';

/** A trade as the table lists it: its number in the run, and which side of a split. */
export interface TradeRow extends BacktestTrade {
  /** 1-based, in time order within its run. */
  readonly n: number;
  readonly part: 'full' | 'in' | 'out';
}

export type TradeKey =
  'n' | 'part' | 'side' | 'entryTs' | 'exitTs' | 'reason' | 'barsHeld' | 'betaE' | 'gross' | 'fees' | 'funding' | 'net';
export interface TradeSort {
  readonly key: TradeKey;
  readonly dir: 'asc' | 'desc';
}

const PART_ORDER = { full: 0, in: 0, out: 1 };

/** Sorted copy; ties keep time order (a stable sort on rows that start in time order). */
export function sortTrades(rows: readonly TradeRow[], sort: TradeSort): TradeRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const value = (r: TradeRow): number | string => (sort.key === 'part' ? PART_ORDER[r.part] : r[sort.key]);
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    return va < vb ? -sign : va > vb ? sign : 0;
  });
}

/** A header click: the same column flips its direction; a new column starts at its natural one. */
export function nextSort(current: TradeSort, key: TradeKey): TradeSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  // Money and holding time are read largest first; times, names and numbers in order.
  const desc: TradeKey[] = ['barsHeld', 'gross', 'fees', 'funding', 'net'];
  return { key, dir: desc.includes(key) ? 'desc' : 'asc' };
}
