/**
 * An SVG path for a sparkline of z: one `M … L …` run per stretch of defined values (a null
 * breaks the line, as a gap in the data does), scaled to w × h with the y range symmetric
 * about 0 (at least ±`floor`), so a row's line is read against the mean like the z panel.
 * A single defined point between nulls becomes a short dash, so it is still seen.
 * Pure string building: fifty rows redraw for the price of fifty short strings, no chart
 * instance per row.
 */
export function sparkPath(values: readonly (number | null)[], w: number, h: number, floor = 2): string {
  if (!(w > 0) || !(h > 0)) throw new Error(`sparkPath: width and height must be positive (got ${w} × ${h})`);
  const n = values.length;
  if (n === 0) return '';
  let range = floor;
  for (const v of values) if (v !== null && Number.isFinite(v)) range = Math.max(range, Math.abs(v));
  const dx = n > 1 ? w / (n - 1) : 0;
  const y = (v: number) => round(h / 2 - (v / range) * (h / 2));
  const parts: string[] = [];
  let run = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      run = 0;
      continue;
    }
    const x = round(n > 1 ? i * dx : w / 2);
    parts.push(`${run === 0 ? 'M' : 'L'}${x} ${y(v)}`);
    run++;
    const next = values[i + 1];
    if (run === 1 && (next === undefined || next === null || !Number.isFinite(next))) {
      // Rightwards, or leftwards from the right edge, so the dash always has a length.
      const d = Math.max(1, dx / 2);
      parts.push(`L${round(x + d <= w ? x + d : x - d)} ${y(v)}`);
    }
  }
  return parts.join('');
}

/** The y of z = 0 in the same box (the sparkline's mean line). */
export function sparkZero(h: number): number {
  return h / 2;
}

const round = (v: number) => Math.round(v * 10) / 10;
