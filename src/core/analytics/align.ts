import type { BarLike } from './types';

/** Two equal-length close series on one time axis (bar start times, ms, ascending). */
export interface AlignedPair {
  readonly ts: number[];
  readonly y: number[];
  readonly x: number[];
  /** Which legs have a bar at each point (LEG_Y | LEG_X, breaks.ts); the rest is carried. */
  readonly legs?: number[];
}

/** Bits of AlignedPair.legs. */
export const LEG_Y = 1;
export const LEG_X = 2;

/**
 * Pair alignment per ../shared/specs/analytics.md: the union of both legs' bar starts, each leg's
 * last close carried forward into intervals where it has no bar, and the leading
 * intervals where either leg has no value yet dropped.
 *
 * Both inputs must be sorted by `ts` (bars of one timeframe are); a duplicate start in one
 * leg keeps the later bar, which is how the forming bar replaces its earlier version.
 */
export function alignPair(yBars: readonly BarLike[], xBars: readonly BarLike[]): AlignedPair {
  const ts: number[] = [];
  const y: number[] = [];
  const x: number[] = [];
  const legs: number[] = [];
  let i = 0;
  let j = 0;
  let lastY = Number.NaN;
  let lastX = Number.NaN;
  let haveY = false;
  let haveX = false;
  while (i < yBars.length || j < xBars.length) {
    const ty = i < yBars.length ? yBars[i].ts : Infinity;
    const tx = j < xBars.length ? xBars[j].ts : Infinity;
    const t = ty < tx ? ty : tx;
    let here = 0;
    while (i < yBars.length && yBars[i].ts === t) {
      lastY = yBars[i].close;
      haveY = true;
      here |= LEG_Y;
      i++;
    }
    while (j < xBars.length && xBars[j].ts === t) {
      lastX = xBars[j].close;
      haveX = true;
      here |= LEG_X;
      j++;
    }
    if (haveY && haveX) {
      ts.push(t);
      y.push(lastY);
      x.push(lastX);
      legs.push(here);
    }
  }
  return { ts, y, x, legs };
}

/** The last `window` aligned points ending at (and including) time `to`; all of them when
 * fewer exist (callers check `ts.length` against the window). */
export function sliceWindow(pair: AlignedPair, window: number, to?: number): AlignedPair {
  let end = pair.ts.length;
  if (to !== undefined) {
    // Binary search: first index with ts > to.
    let lo = 0;
    let hi = pair.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pair.ts[mid] <= to) lo = mid + 1;
      else hi = mid;
    }
    end = lo;
  }
  const start = Math.max(0, end - window);
  return { ts: pair.ts.slice(start, end), y: pair.y.slice(start, end), x: pair.x.slice(start, end) };
}

/** An aligned pair in typed arrays (views into one allocation per series). */
export interface AlignedSeries {
  readonly ts: Float64Array;
  readonly y: Float64Array;
  readonly x: Float64Array;
}

/**
 * alignPair on bare (time, close) arrays: the same union, carry-forward and leading drop,
 * without a bar object per point. For callers that align many pairs of the same legs (the
 * pair scanner aligns every leg with every other), where objects and growing arrays cost
 * more than the statistics.
 */
export function alignCloses(
  yTs: ArrayLike<number>,
  yClose: ArrayLike<number>,
  xTs: ArrayLike<number>,
  xClose: ArrayLike<number>,
): AlignedSeries {
  const cap = yTs.length + xTs.length;
  const ts = new Float64Array(cap);
  const y = new Float64Array(cap);
  const x = new Float64Array(cap);
  const ny = yTs.length;
  const nx = xTs.length;
  let i = 0;
  let j = 0;
  let n = 0;
  let lastY = Number.NaN;
  let lastX = Number.NaN;
  let haveY = false;
  let haveX = false;
  while (i < ny || j < nx) {
    const ty = i < ny ? yTs[i]! : Infinity;
    const tx = j < nx ? xTs[j]! : Infinity;
    const t = ty < tx ? ty : tx;
    while (i < ny && yTs[i] === t) {
      lastY = yClose[i]!;
      haveY = true;
      i++;
    }
    while (j < nx && xTs[j] === t) {
      lastX = xClose[j]!;
      haveX = true;
      j++;
    }
    if (haveY && haveX) {
      ts[n] = t;
      y[n] = lastY;
      x[n] = lastX;
      n++;
    }
  }
  return { ts: ts.subarray(0, n), y: y.subarray(0, n), x: x.subarray(0, n) };
}
