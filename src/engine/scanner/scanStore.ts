import type { ScanOptions, ScanResult } from '../../core/scanner/types';
import type { SqliteTickStore } from '../store/sqliteStore';
import { scanInPool, type ScanPoolOptions } from './scanPool';
import { loadUniverse, type UniverseRequest } from './universe';

/** A scan as the CLI prints it (../shared/specs/scanner.md, Output). */
export interface ScanReport extends ScanResult {
  readonly universe: string[];
  readonly tf: string;
  readonly from: number;
  readonly to: number;
  readonly options: ScanOptions;
  /** Wall time of the whole scan: reading the bars, the worker pool, ranking. */
  readonly elapsedMs: number;
}

/** Reads the universe from the store and scans it in the worker pool. */
export async function scanStore(
  store: SqliteTickStore,
  req: UniverseRequest & { readonly options: ScanOptions },
  pool: ScanPoolOptions & { readonly clock?: () => number } = {},
): Promise<ScanReport> {
  const clock = pool.clock ?? (() => performance.now());
  const t0 = clock();
  const u = loadUniverse(store, req);
  const result = await scanInPool(u.legs, req.options, pool);
  return {
    universe: u.symbols,
    tf: u.tf,
    from: u.from,
    to: u.to,
    options: req.options,
    tested: result.tested,
    elapsedMs: clock() - t0,
    pairs: result.pairs,
    excluded: result.excluded,
  };
}
