import type { AnalyticsSnapshot, PairSpec, RollingPoint, RollingSeries, SeriesAnswer } from '../../shared/contract';
import type { Bar } from '../../shared/market';
import type { FoldOutcome } from '../../core/analytics/live/livePair';
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
  /**
   * Sets the followed pairs: new ones load their recent history from the store (bounded:
   * LivePair.historyBars), removed ones are dropped. Answers each new pair's last `recent` points.
   */
  follow: { args: { specs: PairSpec[]; recent: number }; result: { following: number; loaded: PairLoad[] } };
  /** Folds bars the ingestor committed into every followed pair they touch. */
  bars: { args: { bars: Bar[] }; result: PairFold[] };
  /**
   * Every analytic on a followed pair's in-memory window (null when it is not followed).
   * `robust: false` leaves out the robust figures, Theil–Sen and Huber (the costliest part
   * at large W; only the screen's charts show them; rows and rules read ADF, half-life and
   * the spread). A pair whose hedge is theil-sen still gets its Theil–Sen fit: that line IS
   * its spread (pairAnalytics fits it in windowSpread whatever skipRobust says).
   */
  liveSnapshot: { args: { key: string; robust: boolean }; result: AnalyticsSnapshot | null };
  /** A followed pair's last `n` rolling points. */
  liveSeries: { args: { key: string; n: number }; result: RollingSeries | null };
}

/** Where a followed pair stands. */
export interface PairStanding {
  /** pairKey(pair). */
  key: string;
  pair: PairSpec;
  /** Aligned points in the latest point's segment (W or more: the window is full). */
  segmentPoints: number;
  /** The latest segment began after a break (its window restarted there). */
  afterBreak: boolean;
}

/** What one batch did to one followed pair. */
export interface PairFold extends PairStanding {
  outcome: FoldOutcome;
}

/** A pair just loaded from the store: its latest points (history, never judged by a rule). */
export interface PairLoad extends PairStanding {
  recent: RollingPoint[];
}

export type CallName = keyof WorkerCalls;

export type WorkerRequest = { [K in CallName]: { id: number; call: K; args: WorkerCalls[K]['args'] } }[CallName];

export type WorkerResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { message: string; stack?: string } };
