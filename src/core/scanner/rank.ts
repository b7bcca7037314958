import { bhQValues } from './fdr';
import type { ExcludedPair, PairOutcome, PairRow, ScanResult, TestedPair } from './types';

const byNames = (p: { a: string; b: string }, q: { a: string; b: string }): number =>
  p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0;

/**
 * Step 6 and the output order of ../shared/specs/scanner.md: Benjamini–Hochberg over the m
 * pairs actually tested, `significant` = q ≤ fdr, rows sorted by q, then p, then names.
 */
export function rankPairs(outcomes: readonly PairOutcome[], fdr: number): ScanResult {
  const tested: TestedPair[] = [];
  const excluded: ExcludedPair[] = [];
  for (const o of outcomes) {
    if ('tested' in o) tested.push(o.tested);
    else excluded.push(o.excluded);
  }
  const q = bhQValues(tested.map((t) => t.pvalue));
  const pairs: PairRow[] = tested.map((t, i) => ({ ...t, qvalue: q[i]!, significant: q[i]! <= fdr }));
  pairs.sort((p, r) => p.qvalue - r.qvalue || p.pvalue - r.pvalue || byNames(p, r));
  excluded.sort(byNames);
  return { tested: tested.length, pairs, excluded };
}
