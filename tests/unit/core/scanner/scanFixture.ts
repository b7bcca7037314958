import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { PairRow, ScanOptions, SyntheticUniverseOptions } from '../../../../src/core/scanner';
import { expectClose, P_ABS } from '../analytics/fixtures';

/** One case of tests/fixtures/scanner/scan.json (scripts/fixtures/scanner_fixtures.py). */
export interface ScanCase {
  universe: SyntheticUniverseOptions;
  scan: ScanOptions;
  planted: [string, string][];
  series: { symbol: string; ts: number[]; close: number[] }[];
  expected: {
    tested: number;
    pairs: PairRow[];
    excluded: { a: string; b: string; kind: 'coverage' | 'points' }[];
  };
}

/** Benjamini–Hochberg vectors: p and statsmodels' `multipletests(p, method='fdr_bh')[1]`. */
export interface BhCase {
  p: number[];
  q: number[];
}

export function loadScanFixture(): { cases: Record<string, ScanCase>; bh: BhCase[] } {
  const path = fileURLToPath(new URL('../../../fixtures/scanner/scan.json', import.meta.url));
  const { bh, ...cases } = JSON.parse(readFileSync(path, 'utf8')) as { bh: BhCase[] } & Record<string, ScanCase>;
  return { cases: cases as Record<string, ScanCase>, bh };
}

/** Every figure of a row against statsmodels: 1e-6 relative on statistics, 1e-4 absolute on
 * p- and q-values (../shared/specs/scanner.md). */
export function expectRow(actual: PairRow, e: PairRow): void {
  const label = `${e.a}/${e.b}`;
  expect([actual.a, actual.b, actual.y, actual.x, actual.n, actual.crossings, actual.significant], label).toEqual([
    e.a,
    e.b,
    e.y,
    e.x,
    e.n,
    e.crossings,
    e.significant,
  ]);
  expectClose(actual.corr, e.corr, `${label} corr`);
  expectClose(actual.coint.ab.stat, e.coint.ab.stat, `${label} coint.ab.stat`);
  expectClose(actual.coint.ba.stat, e.coint.ba.stat, `${label} coint.ba.stat`);
  expectClose(actual.coint.ab.pvalue, e.coint.ab.pvalue, `${label} coint.ab.pvalue`, 0, P_ABS);
  expectClose(actual.coint.ba.pvalue, e.coint.ba.pvalue, `${label} coint.ba.pvalue`, 0, P_ABS);
  expectClose(actual.pvalue, e.pvalue, `${label} pvalue`, 0, P_ABS);
  expectClose(actual.qvalue, e.qvalue, `${label} qvalue`, 0, P_ABS);
  expectClose(actual.beta, e.beta, `${label} beta`);
  expectClose(actual.alpha, e.alpha, `${label} alpha`);
  expectClose(actual.halfLife, e.halfLife, `${label} halfLife`);
  expectClose(actual.zLast, e.zLast, `${label} zLast`);
}
