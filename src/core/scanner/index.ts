/** Public API of the pair scanner's math (../shared/specs/scanner.md). */
export type {
  CointDirection,
  ExcludedPair,
  PairOutcome,
  PairRow,
  ScanOptions,
  ScanResult,
  SymbolSeries,
  TestedPair,
} from './types';
export { DEFAULT_SCAN_OPTIONS } from './types';
export type { AlignedLegs, ScanLeg } from './legs';
export { alignLegs, prepareLeg } from './legs';
export { bhQValues } from './fdr';
export { meanCrossings } from './spreadShape';
export { scanPair } from './scanPair';
export { rankPairs } from './rank';
export { pairIndices, sortedSymbols } from './pairs';
export { scanUniverse } from './scanUniverse';
export type { SyntheticUniverse, SyntheticUniverseOptions } from './syntheticUniverse';
export { syntheticSymbol, syntheticUniverse } from './syntheticUniverse';
