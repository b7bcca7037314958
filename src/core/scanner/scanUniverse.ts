import { prepareLeg } from './legs';
import { pairIndices } from './pairs';
import { rankPairs } from './rank';
import { scanPair } from './scanPair';
import type { PairOutcome, ScanOptions, ScanResult, SymbolSeries } from './types';
import { DEFAULT_SCAN_OPTIONS } from './types';

/**
 * Every pair of a universe on one thread: the reference the worker pool must reproduce, and
 * what small scans and tests use. Series are sorted by symbol so that a < b in every pair.
 */
export function scanUniverse(series: readonly SymbolSeries[], opts: ScanOptions = DEFAULT_SCAN_OPTIONS): ScanResult {
  const legs = [...series].sort((p, q) => (p.symbol < q.symbol ? -1 : p.symbol > q.symbol ? 1 : 0)).map(prepareLeg);
  const idx = pairIndices(legs.length);
  const outcomes: PairOutcome[] = [];
  for (let k = 0; k < idx.length; k += 2) outcomes.push(scanPair(legs[idx[k]!]!, legs[idx[k + 1]!]!, opts));
  return rankPairs(outcomes, opts.fdr);
}
