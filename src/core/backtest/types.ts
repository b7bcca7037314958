/**
 * Types of the pair backtest (../shared/specs/backtest.md). Everything here is pure data:
 * the engine takes aligned points and the rolling series, and returns trades, an equity
 * curve and the summary figures a researcher can reproduce with pandas.
 */

export type Side = 'long' | 'short';
export type ExitReason = 'exit' | 'stop' | 'maxHold' | 'end';
export type PriceMode = 'raw' | 'log';

/** One parameter set (spec: "Input"). */
export interface BacktestParams {
  /** Rolling window W, in aligned points. */
  readonly window: number;
  readonly mode: PriceMode;
  readonly entry: number;
  readonly exit: number;
  readonly stop: number | null;
  readonly maxHold: number | null;
  /** USDT of the Y leg at entry. */
  readonly notional: number;
  readonly feeBps: number;
  readonly slippageBps: number;
}

/** The spec's defaults (window has none: the caller always names it). */
export const DEFAULT_PARAMS: Omit<BacktestParams, 'window'> = {
  mode: 'raw',
  entry: 2,
  exit: 0,
  stop: null,
  maxHold: null,
  notional: 10_000,
  feeBps: 5,
  slippageBps: 1,
};

/**
 * Aligned points (../shared/specs/analytics.md alignment) with what fills need: each leg's open and close
 * per point. A leg with no bar of its own at a point has `open` = `close` = its last close
 * carried forward (spec: "a leg with no bar in t+1: its close carried forward").
 */
export interface BacktestBars {
  /** Timeframe length in ms: point i starts at ts[i] and closes at ts[i] + tfMs. */
  readonly tfMs: number;
  readonly ts: readonly number[];
  readonly yOpen: readonly number[];
  readonly yClose: readonly number[];
  readonly xOpen: readonly number[];
  readonly xClose: readonly number[];
  /** Whether the leg has a bar of its own at the point (false: carried forward). */
  readonly yHasBar: readonly boolean[];
  readonly xHasBar: readonly boolean[];
}

/**
 * What the signals read, one entry per aligned point: beta_t and z_t of the W points
 * ending at t, or null where there is no value (fewer than W points, a degenerate window,
 * or a window that restarts after a break in the data). A null point decides nothing on z.
 */
export interface SignalSeries {
  readonly alpha: readonly (number | null)[];
  readonly beta: readonly (number | null)[];
  readonly z: readonly (number | null)[];
}

/** A funding event of one symbol: funding time (ms) and rate (0.0001 = 0.01 %). */
export interface FundingEvent {
  readonly ts: number;
  readonly rate: number;
}

/** Funding events per leg, ascending by time; an empty list means no funding for that leg. */
export interface PairFunding {
  readonly y: readonly FundingEvent[];
  readonly x: readonly FundingEvent[];
}

/** One round trip (spec: "Report"); prices are fill prices. */
export interface Trade {
  readonly entryTs: number;
  readonly exitTs: number;
  readonly side: Side;
  readonly reason: ExitReason;
  readonly betaE: number;
  readonly qY: number;
  readonly qX: number;
  readonly entryY: number;
  readonly entryX: number;
  readonly exitY: number;
  readonly exitX: number;
  readonly gross: number;
  readonly fees: number;
  /** Funding paid (positive) or received (negative) over the trade. */
  readonly funding: number;
  readonly net: number;
  readonly barsHeld: number;
}

export interface Summary {
  readonly netPnl: number;
  readonly grossPnl: number;
  readonly returnPct: number;
  readonly trades: number;
  /** null without trades. */
  readonly winRate: number | null;
  readonly avgBarsHeld: number | null;
  readonly maxBarsHeld: number | null;
  readonly exposure: number | null;
  readonly fees: number;
  readonly funding: number;
  readonly maxDrawdown: number;
  readonly maxDrawdownPct: number;
  /** null when fewer than two returns or they never change. */
  readonly sharpe: number | null;
  readonly sharpeNoCosts: number | null;
}
