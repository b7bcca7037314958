/**
 * The unordered pairs of a universe as flat index pairs (i < j), in the order a scan reports
 * progress. Symbols are sorted by name first, so leg i is `a` and leg j is `b`.
 */
export function pairIndices(count: number): Uint32Array {
  const out = new Uint32Array(count * (count - 1));
  let k = 0;
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      out[k++] = i;
      out[k++] = j;
    }
  }
  return out;
}

/** Symbols sorted by name (code-unit order, as Python sorts), duplicates removed. */
export function sortedSymbols(symbols: readonly string[]): string[] {
  return [...new Set(symbols)].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
}
