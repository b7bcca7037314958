import { describe, expect, it } from 'vitest';
import { benchBacktest, benchGrid, makeBenchLegs } from '../../../src/core/backtest/bench';
import { runBacktestBench } from '../../../src/engine/bench/backtest';

// The figures come from `npm run bench`; this checks the workloads are the ones the issue
// names (a day of 1 s bars, W = 3600, a 5 × 5 grid) and that they trade. No timing asserted.
describe('backtest benchmark (quick run)', () => {
  it('reports both figures on a day of 1 s bars', () => {
    const figures = runBacktestBench({ quick: true });
    expect(figures.backtest_86400_ms!.unit).toBe('ms');
    expect(figures.backtest_grid_5x5_86400_s!.unit).toBe('s');
    for (const name of ['backtest_86400_ms', 'backtest_grid_5x5_86400_s'])
      expect(figures[name]!.value, name).toBeGreaterThan(0);
    expect(figures.backtest_bench_trades!.value).toBeGreaterThan(10);
  });

  it('runs one set at W = 3600 over 86,400 points and 25 grid rows', () => {
    const legs = makeBenchLegs();
    expect(legs.y).toHaveLength(86_400);
    const one = benchBacktest(legs);
    expect(one.params.window).toBe(3600);
    expect(one.ts).toHaveLength(86_400);
    const rows = benchGrid(legs);
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((r) => `${r.params.window}/${r.params.entry}`)).size).toBe(25);
  });
});
