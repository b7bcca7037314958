import { describe, expect, it } from 'vitest';
import {
  alignBacktestBars,
  backtestPair,
  bestRow,
  expandGrid,
  runGrid,
  runSplit,
  splitTime,
  type GridRow,
  type Summary,
} from '../../../../src/core/backtest/index';
import { barsOf, fundingOf, loadBacktestFixture } from './fixtures';

const fx = loadBacktestFixture();
const yBars = barsOf(fx.y.bars);
const xBars = barsOf(fx.x.bars);
const funding = fundingOf(fx.funding);
const base = { ...fx.cases[0]!.params };

describe('grid', () => {
  const sets = expandGrid(base, { window: [120, 300], entry: [1.5, 2, 2.5], exit: [0, 0.5], stop: [null, 3] });

  it('runs every combination, window outermost', () => {
    expect(sets).toHaveLength(2 * 3 * 2 * 2);
    expect(sets.slice(0, 3).map((p) => [p.window, p.entry, p.exit, p.stop])).toEqual([
      [120, 1.5, 0, null],
      [120, 1.5, 0, 3],
      [120, 1.5, 0.5, null],
    ]);
    expect(new Set(sets.map((p) => `${p.window}/${p.entry}/${p.exit}/${p.stop}`)).size).toBe(sets.length);
  });

  it('each row is exactly the single backtest of its parameters', () => {
    const bars = alignBacktestBars(yBars, xBars, fx.tfMs);
    const progress: number[] = [];
    const rows = runGrid(bars, sets, funding, (done) => progress.push(done));
    expect(progress).toEqual(sets.map((_, i) => i + 1));
    rows.forEach((row, i) => {
      expect(row.params).toEqual(sets[i]);
      expect(row.summary).toEqual(backtestPair(yBars, xBars, fx.tfMs, sets[i]!, funding).summary);
    });
  });

  it('the best row has the highest Sharpe after costs; rows without one rank last', () => {
    const row = (sharpe: number | null, entry: number): GridRow => ({
      params: { ...base, entry },
      summary: { sharpe } as Summary,
    });
    expect(bestRow([row(null, 1), row(-3, 2), row(1.2, 3), row(1.2, 4), row(0.5, 5)])!.params.entry).toBe(3);
    expect(bestRow([row(null, 1), row(null, 2)])!.params.entry).toBe(1);
    expect(bestRow([])).toBeNull();
  });
});

describe('--split', () => {
  const sets = expandGrid(base, { window: [120, 200], entry: [1.5, 2], exit: [0], stop: [null] });
  const first = Math.min(yBars[0]!.ts, xBars[0]!.ts);
  const end = Math.max(yBars.at(-1)!.ts, xBars.at(-1)!.ts) + fx.tfMs;
  const splitTs = splitTime(first, end, 0.7);

  it('judges the grid on the first part only and runs the best unchanged on the rest', () => {
    const r = runSplit(yBars, xBars, fx.tfMs, sets, splitTs, funding);
    expect(r.splitTs).toBe(Math.floor(first + 0.7 * (end - first)));
    const before = (b: { ts: number }) => b.ts < splitTs;
    const after = (b: { ts: number }) => b.ts >= splitTs;
    // In-sample rows are the plain backtests of the bars before the split …
    r.inSample.rows.forEach((row, i) =>
      expect(row.summary).toEqual(
        backtestPair(yBars.filter(before), xBars.filter(before), fx.tfMs, sets[i]!, funding).summary,
      ),
    );
    expect(r.inSample.best).toBe(bestRow(r.inSample.rows));
    // … and the out-of-sample run is the plain backtest from the split on (reproducible with --from).
    const oos = backtestPair(yBars.filter(after), xBars.filter(after), fx.tfMs, r.inSample.best.params, funding);
    expect(r.outOfSample.summary).toEqual(oos.summary);
    expect(r.outOfSample.trades).toEqual(oos.trades);
    expect(r.outOfSample.ts[0]).toBeGreaterThanOrEqual(splitTs);
  });

  it('the choice does not depend on the bars after the split', () => {
    const scramble = (b: (typeof yBars)[number]) =>
      b.ts >= splitTs ? { ...b, open: b.open * 1.01, close: b.close * 0.99 } : b;
    const a = runSplit(yBars, xBars, fx.tfMs, sets, splitTs, funding);
    const b = runSplit(yBars.map(scramble), xBars.map(scramble), fx.tfMs, sets, splitTs, funding);
    expect(b.inSample).toEqual(a.inSample);
    expect(b.outOfSample.summary).not.toEqual(a.outOfSample.summary);
  });
});
