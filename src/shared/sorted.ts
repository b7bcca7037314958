/** Sorted-array helpers every layer uses: one binary search, one merge of ascending series. */

/** First index i with a[i] ≥ v in an ascending array (a.length when none). */
export function lowerBound(a: readonly number[], v: number): number {
  return lowerBoundBy(a, v, (x) => x);
}

/** First index i with key(items[i]) ≥ v, the items ascending by key (items.length when none). */
export function lowerBoundBy<T>(items: readonly T[], v: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Merges updates (ascending by ts, the last may still be forming) into a sorted series: a
 * newer version of a point replaces the old one, late points are inserted. Returns the same
 * array when nothing changed, so React can skip a render.
 */
export function mergeByTs<T extends { ts: number }>(current: readonly T[], update: readonly T[]): T[] {
  if (update.length === 0) return current as T[];
  const out = current.slice();
  for (const item of update) {
    const last = out[out.length - 1];
    if (!last || item.ts > last.ts) out.push(item);
    else if (item.ts === last.ts) out[out.length - 1] = item;
    else {
      const i = lowerBoundBy(out, item.ts, (p) => p.ts);
      if (out[i]?.ts === item.ts) out[i] = item;
      else out.splice(i, 0, item);
    }
  }
  return out;
}
