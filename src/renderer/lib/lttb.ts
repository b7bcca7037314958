/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013) over points[from, to):
 * keeps the first and last points and, per bucket, the point that spans the largest
 * triangle with its neighbours, so peaks survive while a day of 1 s points draws as
 * ~2 points per pixel. Points whose value is null/NaN are skipped (they are gaps, e.g.
 * before the rolling window fills). Returns [ts, value] pairs for ECharts.
 */
export function lttb<T>(
  points: readonly T[],
  from: number,
  to: number,
  threshold: number,
  ts: (p: T) => number,
  value: (p: T) => number | null,
): [number, number][] {
  const out: [number, number][] = [];
  const valid = (i: number) => {
    const v = value(points[i]);
    return v !== null && Number.isFinite(v);
  };
  let start = from;
  while (start < to && !valid(start)) start++;
  let end = to - 1;
  while (end > start && !valid(end)) end--;
  if (start >= to) return out;
  const count = end - start + 1;
  if (count <= threshold || threshold < 3) {
    for (let i = start; i <= end; i++) if (valid(i)) out.push([ts(points[i]), value(points[i]) as number]);
    return out;
  }
  const every = (count - 2) / (threshold - 2);
  let a = start;
  out.push([ts(points[a]), value(points[a]) as number]);
  for (let b = 0; b < threshold - 2; b++) {
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = start + Math.floor((b + 1) * every) + 1;
    const nextEnd = Math.min(start + Math.floor((b + 2) * every) + 1, end + 1);
    let avgX = 0;
    let avgY = 0;
    let n = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      const v = value(points[i]);
      if (v === null || !Number.isFinite(v)) continue;
      avgX += ts(points[i]);
      avgY += v;
      n++;
    }
    if (n === 0) {
      avgX = ts(points[end]);
      avgY = value(points[end]) as number;
    } else {
      avgX /= n;
      avgY /= n;
    }
    const rangeStart = start + Math.floor(b * every) + 1;
    const rangeEnd = Math.min(start + Math.floor((b + 1) * every) + 1, end);
    const ax = ts(points[a]);
    const ay = value(points[a]) as number;
    let best = -1;
    let bestArea = -1;
    for (let i = rangeStart; i < rangeEnd; i++) {
      const v = value(points[i]);
      if (v === null || !Number.isFinite(v)) continue;
      const area = Math.abs((ax - avgX) * (v - ay) - (ax - ts(points[i])) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    if (best < 0) continue;
    out.push([ts(points[best]), value(points[best]) as number]);
    a = best;
  }
  out.push([ts(points[end]), value(points[end]) as number]);
  return out;
}
