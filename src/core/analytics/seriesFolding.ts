import { foldStart } from '../../shared/barFolding';

/**
 * Thins a rolling series for a first look at a long range: per time fold of `spanMs`, the
 * point with the lowest and the one with the highest z (in time order; the fold's first
 * point where z is not defined yet), and always the series' last point. Points are kept
 * whole, never averaged, so every figure drawn from them is one the engine computed, and
 * the z panel keeps each fold's extremes: a threshold crossing inside a fold still shows.
 */
export function foldSeries<T extends { ts: number; z: number | null }>(points: readonly T[], spanMs: number): T[] {
  const out: T[] = [];
  let i = 0;
  while (i < points.length) {
    const fold = foldStart(points[i]!.ts, spanMs);
    let lo = -1;
    let hi = -1;
    const first = i;
    for (; i < points.length && points[i]!.ts < fold + spanMs; i++) {
      const z = points[i]!.z;
      if (z === null || !Number.isFinite(z)) continue;
      if (lo < 0 || z < points[lo]!.z!) lo = i;
      if (hi < 0 || z > points[hi]!.z!) hi = i;
    }
    if (lo < 0) out.push(points[first]!);
    else if (lo === hi) out.push(points[lo]!);
    else out.push(points[Math.min(lo, hi)]!, points[Math.max(lo, hi)]!);
  }
  const last = points[points.length - 1];
  if (last && out[out.length - 1] !== last) out.push(last);
  return out;
}
