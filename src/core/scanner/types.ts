/**
 * Shapes of the pair scanner (../shared/specs/scanner.md): what goes in (one close series
 * per symbol, already cut to the scan's range) and what comes out (one row per tested pair,
 * the excluded pairs with their reason).
 */

/** One symbol's bars in the scan range: bar start times (ms, ascending) and closes. */
export interface SymbolSeries {
  readonly symbol: string;
  readonly ts: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

export interface ScanOptions {
  /** Share of the aligned intervals in which each leg must have its own bar (0..1]. */
  readonly minCoverage: number;
  /** Fewest aligned points a pair needs to be tested. */
  readonly minPoints: number;
  /** Benjamini–Hochberg false-discovery rate: `significant` = q ≤ fdr. */
  readonly fdr: number;
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = { minCoverage: 0.9, minPoints: 200, fdr: 0.05 };

/** Engle–Granger in one direction: the ADF statistic of the residuals and its p-value. */
export interface CointDirection {
  readonly stat: number;
  readonly pvalue: number;
}

/** A pair that passed the filters and was tested, before the multiple-testing step. */
export interface TestedPair {
  /** The legs by symbol name, a < b. */
  readonly a: string;
  readonly b: string;
  /** Orientation `y on x`: the direction with the smaller Engle–Granger p-value. */
  readonly y: string;
  readonly x: string;
  /** Aligned points. */
  readonly n: number;
  /** Pearson correlation of the aligned log returns. */
  readonly corr: number;
  /** `ab`: a dependent; `ba`: b dependent. */
  readonly coint: { readonly ab: CointDirection; readonly ba: CointDirection };
  /** min(1, 2·min(p_ab, p_ba)). */
  readonly pvalue: number;
  /** OLS with intercept of ln y on ln x. */
  readonly beta: number;
  readonly alpha: number;
  /** Bars; null when the spread does not revert (b ≥ 0). */
  readonly halfLife: number | null;
  /** z of the last spread point over the whole range (ddof 1). */
  readonly zLast: number;
  /** Sign changes of the demeaned spread (zeros skipped). */
  readonly crossings: number;
}

/** A tested pair with its Benjamini–Hochberg q-value. */
export interface PairRow extends TestedPair {
  readonly qvalue: number;
  readonly significant: boolean;
}

/** A pair that was not tested, and why. */
export interface ExcludedPair {
  readonly a: string;
  readonly b: string;
  readonly reason: string;
}

export type PairOutcome = { readonly tested: TestedPair } | { readonly excluded: ExcludedPair };

export interface ScanResult {
  /** m, the number of pairs tested (the BH denominator). */
  readonly tested: number;
  /** Sorted by q, then p, then symbol names. */
  readonly pairs: PairRow[];
  /** Sorted by symbol names. */
  readonly excluded: ExcludedPair[];
}
