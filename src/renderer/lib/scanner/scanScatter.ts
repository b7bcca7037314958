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
    const point: ScatterPoint = { value: [p.halfLife, Math.max(Q_FLOOR, p.qvalue)], key: `${p.a}|${p.b}`, significant: p.significant };
    (p.significant ? significant : other).push(point);
  }
  return { significant, other, omitted };
}
