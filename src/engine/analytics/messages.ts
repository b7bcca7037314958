import type { AnalyticsSnapshot, PairSpec, RollingSeries, SeriesAnswer } from '../../shared/contract';
import type { Bar } from '../../shared/market';
import type { FoldOutcome } from './livePair';
import type { SeriesQuery } from './series';

/** What the worker is started with (workerData). */
export interface AnalyticsWorkerInit {
  dbPath: string;
  nativeBinding?: string;
  /** For the tsx bootstrap: file URL of worker.ts to import after registering tsx. */
  tsEntry?: string;
  /** When set, the worker also checkpoints the WAL this often, off the main thread. */
  checkpointEveryMs?: number;
}

/** Every request the host can make, with the answer it gets. */
export interface WorkerCalls {
  /** Every analytic from the store, W aligned points ending at `to`. */
  snapshot: { args: { spec: PairSpec; to?: number }; result: AnalyticsSnapshot };
  /** The rolling series from the store. */
  series: { args: { spec: PairSpec } & SeriesQuery; result: SeriesAnswer };
  /** Sets the live pair (null: none), loading its history from the store. */
  watch: { args: { spec: PairSpec | null }; result: { points: number } };
  /** Folds bars the ingestor committed into the live pair. */
  bars: { args: { bars: Bar[] }; result: FoldOutcome | null };
  /** Every analytic on the live pair's in-memory window (null when nothing is watched). */
  liveSnapshot: { args: Record<string, never>; result: AnalyticsSnapshot | null };
  /** The live pair's last `n` rolling points. */
  liveSeries: { args: { n: number }; result: RollingSeries | null };
}

export type CallName = keyof WorkerCalls;

export type WorkerRequest = { [K in CallName]: { id: number; call: K; args: WorkerCalls[K]['args'] } }[CallName];

export type WorkerResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; stack?: string } };
