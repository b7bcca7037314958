import { makeBenchPair } from '../analytics/bench';
import type { BarLike } from '../analytics/types';
import { alignBacktestBars } from './alignBars';
import { expandGrid, runGrid, type GridRow } from './grid';
import { backtestPair, type BacktestResult } from './runBacktest';
import { DEFAULT_PARAMS, type BacktestParams } from './types';

/**
 * Workloads of `tickscope bench`'s backtest figures (the clock lives in src/engine/bench).
 * A day of 1 s bars per leg, both legs trading every second, shaped like BTC on ETH (the
 * analytics benchmark's pair, so its mean-reverting spread makes the backtest trade).
 */
export interface BenchLegs {
  readonly y: BarLike[];
  readonly x: BarLike[];
}

export function makeBenchLegs(n = 86_400, startMs = 1_723_161_600_000): BenchLegs {
  const pair = makeBenchPair(n);
  const leg = (c: Float64Array): BarLike[] =>
    Array.from(c, (close, i) => {
      const open = i > 0 ? c[i - 1]! : close;
      return {
        ts: startMs + i * 1000,
        open,
        high: Math.max(open, close),
        low: Math.min(open, close),
        close,
        volume: 1,
        quoteVolume: close,
      };
    });
  return { y: leg(pair.y), x: leg(pair.x) };
}

export const BENCH_PARAMS: BacktestParams = { ...DEFAULT_PARAMS, window: 3600 };

/** One backtest from the legs' bars: align, roll W = 3600, decide, price twice, summarise. */
export function benchBacktest(legs: BenchLegs, params: BacktestParams = BENCH_PARAMS): BacktestResult {
  return backtestPair(legs.y, legs.x, 1000, params);
}

/** A 5 × 5 grid (entry × window) on the same bars. */
export function benchGrid(legs: BenchLegs): GridRow[] {
  const sets = expandGrid(BENCH_PARAMS, {
    window: [600, 1200, 1800, 3600, 7200],
    entry: [1.5, 1.75, 2, 2.25, 2.5],
    exit: [0],
    stop: [null],
  });
  return runGrid(alignBacktestBars(legs.y, legs.x, 1000), sets, null);
}
