import { benchBacktest, benchGrid, makeBenchLegs } from '../../core/backtest/bench';
import { timeMs, type BenchFigures } from './analytics';

/**
 * The backtest figures of `tickscope bench` (issue #15): one parameter set on a day of 1 s
 * bars at W = 3600 (target < 300 ms), and a 5 × 5 grid on the same day (target < 5 s).
 * Both start from each leg's bars in memory, as the CLI has them after reading the store.
 */
export function runBacktestBench(opts: { quick?: boolean } = {}): BenchFigures {
  const legs = makeBenchLegs(86_400);
  const one = timeMs(() => benchBacktest(legs), opts.quick ? 2 : 7);
  const grid = timeMs(() => benchGrid(legs), opts.quick ? 1 : 3);
  const trades = benchBacktest(legs).summary.trades;
  return {
    backtest_86400_ms: { value: one, unit: 'ms' },
    backtest_grid_5x5_86400_s: { value: grid / 1000, unit: 's' },
    backtest_bench_trades: { value: trades, unit: 'trades' },
  };
}
