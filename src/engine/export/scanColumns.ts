import type { TableColumn } from './exportColumns';

/**
 * One ranked pair of the pair scanner, as ../shared/specs/scanner.md ("Output") lists it. The
 * scanner's own row type only has to have these fields (TypeScript compares shapes), so it
 * can hand its rows straight to `writeParquetTable(path, SCAN_COLUMNS, rows)` and write its CSV
 * with `csvHeader(SCAN_COLUMNS)` / `csvLine(SCAN_COLUMNS, row)`: both formats, one column list.
 */
export interface ScanTableRow {
  a: string;
  b: string;
  y: string;
  x: string;
  n: number;
  corr: number;
  coint: { ab: { stat: number; pvalue: number }; ba: { stat: number; pvalue: number } };
  pvalue: number;
  qvalue: number;
  significant: boolean;
  beta: number;
  alpha: number;
  /** Bars; null when the spread does not revert (b ≥ 0, ../shared/specs/analytics.md). */
  halfLife: number | null;
  zLast: number;
  crossings: number;
}

/**
 * Names in snake_case like the tick and bar exports (pandas and SQL users type them); the
 * nested Engle–Granger results become four flat columns. Counts are INT64, symbols are
 * dictionary-encoded strings, `half_life` is the one nullable column (the spec's only null).
 */
export const SCAN_COLUMNS: readonly TableColumn<ScanTableRow>[] = [
  { name: 'a', kind: 'string', dictionary: true, value: (r) => r.a },
  { name: 'b', kind: 'string', dictionary: true, value: (r) => r.b },
  { name: 'y', kind: 'string', dictionary: true, value: (r) => r.y },
  { name: 'x', kind: 'string', dictionary: true, value: (r) => r.x },
  { name: 'n', kind: 'int64', value: (r) => r.n },
  { name: 'corr', kind: 'double', value: (r) => r.corr },
  { name: 'coint_ab_stat', kind: 'double', value: (r) => r.coint.ab.stat },
  { name: 'coint_ab_pvalue', kind: 'double', value: (r) => r.coint.ab.pvalue },
  { name: 'coint_ba_stat', kind: 'double', value: (r) => r.coint.ba.stat },
  { name: 'coint_ba_pvalue', kind: 'double', value: (r) => r.coint.ba.pvalue },
  { name: 'pvalue', kind: 'double', value: (r) => r.pvalue },
  { name: 'qvalue', kind: 'double', value: (r) => r.qvalue },
  { name: 'significant', kind: 'boolean', value: (r) => r.significant },
  { name: 'beta', kind: 'double', value: (r) => r.beta },
  { name: 'alpha', kind: 'double', value: (r) => r.alpha },
  { name: 'half_life', kind: 'double', nullable: true, value: (r) => r.halfLife },
  { name: 'z_last', kind: 'double', value: (r) => r.zLast },
  { name: 'crossings', kind: 'int64', value: (r) => r.crossings },
];
