import type { BacktestBars, BacktestParams, SignalSeries } from '../../../../src/core/backtest/index';
import { DEFAULT_PARAMS } from '../../../../src/core/backtest/index';

export const TF = 1000;
export const T0 = 1_700_000_000_000;

/** Points with both legs' bars at every second: opens and closes given per point. */
export function pointBars(rows: { yO: number; yC: number; xO: number; xC: number }[]): BacktestBars {
  return {
    tfMs: TF,
    ts: rows.map((_, i) => T0 + i * TF),
    yOpen: rows.map((r) => r.yO),
    yClose: rows.map((r) => r.yC),
    xOpen: rows.map((r) => r.xO),
    xClose: rows.map((r) => r.xC),
    yHasBar: rows.map(() => true),
    xHasBar: rows.map(() => true),
  };
}

/** n points where Y opens/closes at 100 and X at 50 unless `at` says otherwise. */
export function flatBars(
  n: number,
  at: Record<number, Partial<{ yO: number; yC: number; xO: number; xC: number }>> = {},
): BacktestBars {
  return pointBars(Array.from({ length: n }, (_, i) => ({ yO: 100, yC: 100, xO: 50, xC: 50, ...at[i] })));
}

/** z per point (null = no value) and one beta for every point unless given per point. */
export function signalsOf(z: (number | null)[], beta: number | (number | null)[] = 2): SignalSeries {
  const b = typeof beta === 'number' ? z.map(() => beta) : beta;
  return { alpha: z.map(() => 0), beta: b, z };
}

/** Spec defaults with a tiny window (signals from point W − 1 = 2) and no costs. */
export function params(over: Partial<BacktestParams> = {}): BacktestParams {
  return { ...DEFAULT_PARAMS, window: 3, notional: 1000, feeBps: 0, slippageBps: 0, ...over };
}
