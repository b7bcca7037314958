import { pairKey } from '../../../shared/contract/analytics';
import type { WatchRow } from '../../../shared/contract/watchlist';

/**
 * Folds pushed rows (watchlist.onDidUpdate) into the list, matched by pairKey. A row of a pair
 * the list does not hold is dropped: the set of followed pairs is the list's (onDidChange and
 * the add/remove answers), and a late push must not bring back a pair just removed. A push
 * older than the row held (an answer that crossed a newer push) is ignored too. Returns the
 * same array when nothing changed, so React can skip a render.
 */
export function mergeWatchRows(rows: readonly WatchRow[], updates: readonly WatchRow[]): WatchRow[] {
  if (updates.length === 0) return rows as WatchRow[];
  const byKey = new Map(updates.map((u) => [pairKey(u.pair), u]));
  let changed = false;
  const out = rows.map((r) => {
    const u = byKey.get(pairKey(r.pair));
    if (!u || u === r || isOlder(u, r)) return r;
    changed = true;
    return u;
  });
  return changed ? out : (rows as WatchRow[]);
}

/**
 * A whole list (onDidChange, an add/remove answer, the first load) replaces the set; a row it
 * holds older than the one already shown keeps the shown one (pushes may have overtaken it).
 */
export function replaceWatchRows(current: readonly WatchRow[], list: readonly WatchRow[]): WatchRow[] {
  const held = new Map(current.map((r) => [pairKey(r.pair), r]));
  return list.map((r) => {
    const h = held.get(pairKey(r.pair));
    return h && isOlder(r, h) ? { ...h, reasons: r.reasons } : r;
  });
}

/** The row of a pair, if followed. */
export function findWatchRow(
  rows: readonly WatchRow[],
  pair: { y: string; x: string; tf: string; window: number } | null,
): WatchRow | null {
  if (!pair) return null;
  const key = pairKey(pair as WatchRow['pair']);
  return rows.find((r) => pairKey(r.pair) === key) ?? null;
}

/** Whether the user's watchlist (not only the screen or an alert rule) holds the pair. */
export function onWatchlist(rows: readonly WatchRow[], pair: WatchRow['pair'] | null): boolean {
  return findWatchRow(rows, pair)?.reasons.includes('watchlist') ?? false;
}

function isOlder(a: WatchRow, b: WatchRow): boolean {
  if (a.ts !== null && b.ts !== null && a.ts !== b.ts) return a.ts < b.ts;
  // Same bar: a newer evaluation (ADF, half-life) wins; none is not newer than one.
  return (a.evaluatedAt ?? -Infinity) < (b.evaluatedAt ?? -Infinity) && a.ts === b.ts;
}
