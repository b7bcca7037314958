import type { ScanPair } from '../../../shared/contract';

/** One point of the half-life vs q scatter: [half-life, q] and the row it stands for. */
export interface ScatterPoint {
  readonly value: [number, number];
  readonly key: string;
  readonly significant: boolean;
}

/**
 * Smallest q drawn: a log axis cannot show 0, and a q of 1e-40 says no more than 1e-12 does
 * to a trader. Such points sit on the axis floor; their tooltips give the true value.
 */
export const Q_FLOOR = 1e-12;

export interface ScatterData {
  readonly significant: ScatterPoint[];
  readonly other: ScatterPoint[];
  /** Rows without a half-life (the spread does not revert): not drawn. */
  readonly omitted: number;
}

/**
 * The scatter's points, split into significant and not (two series, two colours). Both axes
 * are logarithmic: half-lives run from a few bars to thousands, q from 1e-12 to 1.
 */
export function scatterData(pairs: readonly ScanPair[]): ScatterData {
  const significant: ScatterPoint[] = [];
  const other: ScatterPoint[] = [];
  let omitted = 0;
  for (const p of pairs) {
    if (p.halfLife === null || !(p.halfLife > 0)) {
      omitted++;
      continue;
    }
    const point: ScatterPoint = {
      value: [p.halfLife, Math.max(Q_FLOOR, p.qvalue)],
      key: `${p.a}|${p.b}`,
      significant: p.significant,
    };
    (p.significant ? significant : other).push(point);
  }
  return { significant, other, omitted };
}

/** A log axis label: plain down to 0.001, then as a power of ten (1e-6), never 0.000001. */
export function logTick(v: number): string {
  if (v >= 1e-3 && v < 1e6) return String(Number(v.toPrecision(3)));
  return `1e${Math.round(Math.log10(v))}`;
}

/** The q axis floor: the decade at or below the smallest q drawn (1e-3 at least, Q_FLOOR at most). */
export function qAxisMin(data: ScatterData): number {
  let min = 1e-3;
  for (const p of [...data.significant, ...data.other]) if (p.value[1] < min) min = p.value[1];
  // Number("1e-4"), not 10 ** -4 (0.00009999999999999999): the axis starts on a round decade.
  return Math.max(Q_FLOOR, Number(`1e${Math.floor(Math.log10(min))}`));
}
