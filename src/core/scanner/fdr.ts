/**
 * Benjamini–Hochberg adjusted p-values (statsmodels `multipletests(p, method='fdr_bh')[1]`):
 * sort p ascending, q_(i) = min over k ≥ i of min(1, p_(k)·m / k), returned in input order.
 */
export function bhQValues(p: readonly number[]): number[] {
  const m = p.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => p[i]! - p[j]!);
  const q = new Array<number>(m);
  let running = Infinity;
  for (let r = m - 1; r >= 0; r--) {
    const i = order[r]!;
    // statsmodels divides by the ecdf factor k/m; the same operation keeps the last bit equal.
    const raw = p[i]! / ((r + 1) / m);
    if (raw < running) running = raw;
    q[i] = Math.min(1, running);
  }
  return q;
}
