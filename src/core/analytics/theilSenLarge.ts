/**
 * Median of pairwise slopes for windows too large to list every pair (n² / 2 slopes).
 *
 * Slope selection by bisection on the slope value: for a trial slope t, the pairs with
 * slope < t are exactly the inversions of u = y − t·x in x order (u_j < u_i for i < j),
 * counted by merge sort in O(n log n). Bisection stops when the bracket is 1e-11 relative
 * wide, so the result agrees with the exact median far inside the 1e-6 tolerance; pairs
 * whose slope lies within rounding of t may be counted either way, which moves the answer
 * by no more than that rounding. Cost ≈ 30–70 · O(n log n) (≈ 0.7 s at n = 86,400).
 */

import { mulberry32 } from './prng';

interface Sorted {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
}

function sortByXThenY(y: ArrayLike<number>, x: ArrayLike<number>): Sorted {
  const n = y.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // Within one x the slope is undefined (scipy skips those pairs); ordering ties by y makes
  // their u = y − t·x ascending for every t, so they never count as inversions.
  idx.sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = x[idx[i]];
    ys[i] = y[idx[i]];
  }
  return { xs, ys };
}

/** Pairs with distinct x (the number of slopes scipy forms). */
function distinctXPairs(xs: Float64Array): number {
  const n = xs.length;
  let m = (n * (n - 1)) / 2;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && xs[i] === xs[i - 1]) run++;
    else {
      m -= (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return m;
}

/** Number of slopes strictly below t. */
function countBelow(s: Sorted, t: number, a: Float64Array, b: Float64Array): number {
  const n = s.xs.length;
  for (let i = 0; i < n; i++) a[i] = s.ys[i] - t * s.xs[i];
  let src = a;
  let dst = b;
  let inv = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[i] <= src[j]) dst[k++] = src[i++];
        else {
          inv += mid - i;
          dst[k++] = src[j++];
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    const t2 = src;
    src = dst;
    dst = t2;
  }
  return inv;
}

/** Slope value with `rank` (0-based) slopes below it, to ~1e-11 relative. */
function selectSlope(
  s: Sorted,
  rank: number,
  total: number,
  sample: Float64Array,
  a: Float64Array,
  b: Float64Array,
): number {
  const n = s.xs.length;
  // Bracket: between consecutive x-groups g, g+1 take the steepest and flattest slopes
  // (max/min y of one group against min/max y of the other); every pairwise slope is a
  // weighted mean of such steps (telescoping through the groups), so it lies in between.
  let lo = Infinity;
  let hi = -Infinity;
  let gStart = 0;
  let prevMin = NaN;
  let prevMax = NaN;
  let prevX = NaN;
  while (gStart < n) {
    let gEnd = gStart + 1;
    while (gEnd < n && s.xs[gEnd] === s.xs[gStart]) gEnd++;
    const gMin = s.ys[gStart]; // ties are sorted by y
    const gMax = s.ys[gEnd - 1];
    if (gStart > 0) {
      const dx = s.xs[gStart] - prevX;
      const steep = (gMax - prevMin) / dx;
      const flat = (gMin - prevMax) / dx;
      if (steep > hi) hi = steep;
      if (flat < lo) lo = flat;
    }
    prevMin = gMin;
    prevMax = gMax;
    prevX = s.xs[gStart];
    gStart = gEnd;
  }
  // Widen a hair so rounding at the extremes stays inside the bracket.
  const pad = 1e-9 * Math.max(Math.abs(lo), Math.abs(hi), 1e-300);
  lo -= pad;
  hi += pad;
  // The extremes are usually far out (a 1-tick step over 1 ms of x): narrow with the
  // quantiles of a sample of slopes first, each bound checked by an exact count.
  if (sample.length > 0) {
    const m = total;
    const q = (rank + 0.5) / m;
    const spread = 4 * Math.sqrt((q * (1 - q)) / sample.length) + 2 / sample.length;
    const at = (p: number): number => sample[Math.min(sample.length - 1, Math.max(0, Math.floor(p * sample.length)))];
    const cLo = at(q - spread);
    const cHi = at(q + spread);
    if (cLo > lo && cLo < hi && countBelow(s, cLo, a, b) <= rank) lo = cLo;
    if (cHi < hi && cHi > lo && countBelow(s, cHi, a, b) > rank) hi = cHi;
  }
  // Invariant: countBelow(lo) ≤ rank < countBelow(hi).
  for (let iter = 0; iter < 2000; iter++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (hi - lo <= 1e-11 * Math.max(Math.abs(lo), Math.abs(hi))) break;
    if (countBelow(s, mid, a, b) <= rank) lo = mid;
    else hi = mid;
  }
  return lo + (hi - lo) / 2;
}

/** Sorted slopes of pseudo-random pairs with distinct x (fixed seed: results are
 * deterministic; the sample only narrows the bracket, it never decides the answer). */
function sampleSlopes(s: Sorted, k: number): Float64Array {
  const n = s.xs.length;
  const rnd = mulberry32(0x5eed);
  const out = new Float64Array(k);
  let m = 0;
  for (let tries = 0; m < k && tries < 4 * k; tries++) {
    const i = Math.floor(rnd() * n);
    const j = Math.floor(rnd() * n);
    const dx = s.xs[j] - s.xs[i];
    if (dx > 0) out[m++] = (s.ys[j] - s.ys[i]) / dx;
    else if (dx < 0) out[m++] = (s.ys[i] - s.ys[j]) / -dx;
  }
  const r = out.subarray(0, m);
  r.sort();
  return r;
}

/** Median of the pairwise slopes over pairs with distinct x (numpy median semantics);
 * null when every x is the same. */
export function medianSlopeLarge(y: ArrayLike<number>, x: ArrayLike<number>): number | null {
  const s = sortByXThenY(y, x);
  const m = distinctXPairs(s.xs);
  if (m === 0) return null;
  const a = new Float64Array(s.xs.length);
  const b = new Float64Array(s.xs.length);
  const sample = sampleSlopes(s, Math.min(m, 8 * s.xs.length));
  const h = Math.floor(m / 2);
  const upper = selectSlope(s, h, m, sample, a, b);
  if (m % 2 === 1) return upper;
  return (selectSlope(s, h - 1, m, sample, a, b) + upper) / 2;
}
