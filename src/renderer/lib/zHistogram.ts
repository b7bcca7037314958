export interface ZHistogram {
  /** Bin edges [lo, hi) per bin, from −limit to +limit; the end bins also hold what lies beyond. */
  bins: [number, number][];
  counts: number[];
  /** Points that have a z. */
  n: number;
  /** Share of them with |z| > k: how often a ±k rule would have been beyond its threshold. */
  beyond: number;
  /** The latest z, or null. */
  last: number | null;
}

/**
 * Distribution of the rolling z-score over the loaded series, for choosing alert
 * thresholds: how heavy the tails are and how often |z| exceeded k.
 */
export function zHistogram(points: readonly { z: number | null }[], k: number, binWidth = 0.5, limit = 4): ZHistogram {
  const nBins = Math.round((2 * limit) / binWidth);
  const bins: [number, number][] = Array.from({ length: nBins }, (_, i) => [
    -limit + i * binWidth,
    -limit + (i + 1) * binWidth,
  ]);
  const counts = new Array<number>(nBins).fill(0);
  let n = 0;
  let beyond = 0;
  let last: number | null = null;
  for (const p of points) {
    const z = p.z;
    if (z === null || !Number.isFinite(z)) continue;
    n++;
    last = z;
    if (Math.abs(z) > k) beyond++;
    const i = Math.floor((z + limit) / binWidth);
    counts[Math.min(nBins - 1, Math.max(0, i))]!++;
  }
  return { bins, counts, n, beyond: n ? beyond / n : 0, last };
}
