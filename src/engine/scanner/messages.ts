import type { PairOutcome, ScanOptions } from '../../core/scanner/types';

/** One symbol's closes as sent to every scan worker once (typed arrays copy cheaply). */
export interface ScanLegData {
  readonly symbol: string;
  readonly ts: Float64Array;
  readonly close: Float64Array;
}

/** workerData of a scan worker. */
export interface ScanWorkerInit {
  /** For the tsx bootstrap (analytics/workerBootstrap.mjs): the TypeScript entry to import. */
  readonly tsEntry?: string;
  /** The universe, sorted by symbol name; pairs refer to it by index. */
  readonly legs: readonly ScanLegData[];
  readonly options: ScanOptions;
}

/** A chunk of pairs to scan: flat (i, j) leg indices, i < j. */
export interface ScanChunkRequest {
  readonly id: number;
  readonly pairs: Uint32Array;
}

export type ScanWorkerReply =
  | { readonly id: number; readonly ok: true; readonly outcomes: PairOutcome[] }
  | { readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly stack?: string } };
