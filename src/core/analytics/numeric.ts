/** Small numeric helpers shared by the analytics modules. */

export type Series = ArrayLike<number>;

export function allFinite(a: Series): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

export function mean(a: Series, from = 0, to = a.length): number {
  // Shift by the first value: summing deviations keeps precision for price-level data.
  const n = to - from;
  const c = a[from];
  let s = 0;
  for (let i = from; i < to; i++) s += a[i] - c;
  return c + s / n;
}

/** Sample variance (ddof = 1), two-pass for accuracy on price-level data. */
export function variance(a: Series, from = 0, to = a.length): number {
  const n = to - from;
  const m = mean(a, from, to);
  let s = 0;
  let comp = 0;
  for (let i = from; i < to; i++) {
    const d = a[i] - m;
    s += d * d;
    comp += d;
  }
  // Corrected two-pass (Chan, Golub, LeVeque): removes the residual rounding of the mean.
  return (s - (comp * comp) / n) / (n - 1);
}

/** numpy.median semantics: average of the two middle values for even lengths. */
export function median(a: Series): number {
  const b = Float64Array.from(a as ArrayLike<number>);
  b.sort();
  const n = b.length;
  const h = n >> 1;
  return n % 2 === 1 ? b[h] : (b[h - 1] + b[h]) / 2;
}

/** k-th smallest (0-based) of a scratch array, Hoare quickselect; reorders `a`. */
export function selectKth(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Median of a scratch array (reordered in place), numpy semantics. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  const h = n >> 1;
  const upper = selectKth(a, h);
  if (n % 2 === 1) return upper;
  // After selecting h, every element in [0, h) is <= upper: the lower middle is their max.
  let lower = -Infinity;
  for (let i = 0; i < h; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}
