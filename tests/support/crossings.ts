/**
 * Brute-force crossing times of a level, the independent expectation alert tests compare
 * with: the previous value at or on one side, the current one strictly on the other.
 */
export function crossTimes(points: readonly { ts: number; v: number }[], level: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!.v;
    const b = points[i]!.v;
    if ((a <= level && b > level) || (a >= level && b < level)) out.push(points[i]!.ts);
  }
  return out;
}
