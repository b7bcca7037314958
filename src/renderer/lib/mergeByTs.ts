/**
 * Merges pushed updates (ascending by ts, the last may still be forming) into a sorted
 * series: a newer version of a point replaces the old one; late points are inserted.
 * Returns the same array when nothing changed so React can skip a render.
 */
export function mergeByTs<T extends { ts: number }>(current: T[], update: readonly T[]): T[] {
  if (update.length === 0) return current;
  const out = current.slice();
  for (const item of update) {
    const last = out[out.length - 1];
    if (!last || item.ts > last.ts) out.push(item);
    else if (item.ts === last.ts) out[out.length - 1] = item;
    else {
      let lo = 0;
      let hi = out.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (out[mid].ts < item.ts) lo = mid + 1;
        else hi = mid;
      }
      if (out[lo]?.ts === item.ts) out[lo] = item;
      else out.splice(lo, 0, item);
    }
  }
  return out;
}
