import type { BarLike } from '../analytics/types';
import { alignBacktestBars } from './alignBars';
import { rollingSignals } from './rollingSignals';
import { backtestPair, runBacktest, type BacktestResult } from './runBacktest';
import type { BacktestBars, BacktestParams, PairFunding, SignalSeries, Summary } from './types';

/** The swept values (../shared/specs/backtest.md, "Sweeps and out-of-sample"). */
export interface GridAxes {
  readonly window: readonly number[];
  readonly entry: readonly number[];
  readonly exit: readonly number[];
  readonly stop: readonly (number | null)[];
}

export interface GridRow {
  readonly params: BacktestParams;
  readonly summary: Summary;
}

/** Every combination, window outermost (so one rolling series serves a run of rows). */
export function expandGrid(base: BacktestParams, axes: GridAxes): BacktestParams[] {
  const out: BacktestParams[] = [];
  for (const window of axes.window) {
    for (const entry of axes.entry) {
      for (const exit of axes.exit) {
        for (const stop of axes.stop) out.push({ ...base, window, entry, exit, stop });
      }
    }
  }
  return out;
}

/**
 * One summary row per parameter set, on the same aligned points. The rolling series is
 * computed once per (window, mode): the signals are what costs most to build.
 */
export function runGrid(
  bars: BacktestBars,
  sets: readonly BacktestParams[],
  funding: PairFunding | null,
  onRow?: (done: number, total: number) => void,
): GridRow[] {
  const cache = new Map<string, SignalSeries>();
  const rows: GridRow[] = [];
  for (const params of sets) {
    const key = `${params.window}:${params.mode}`;
    let signals = cache.get(key);
    if (!signals) {
      signals = rollingSignals(bars, params.window, params.mode);
      cache.set(key, signals);
    }
    rows.push({ params, summary: runBacktest({ bars, signals, params, funding }).summary });
    onRow?.(rows.length, sets.length);
  }
  return rows;
}

/** The row with the highest Sharpe after costs (a row without one ranks last; ties keep
 * the earlier row). */
export function bestRow(rows: readonly GridRow[]): GridRow | null {
  let best: GridRow | null = null;
  for (const r of rows) {
    if (best === null || (r.summary.sharpe ?? -Infinity) > (best.summary.sharpe ?? -Infinity)) best = r;
  }
  return best;
}

/** The split time of a range [from, to) at `fraction` of its length. */
export function splitTime(from: number, to: number, fraction: number): number {
  return Math.floor(from + fraction * (to - from));
}

export interface SplitRun {
  readonly splitTs: number;
  readonly inSample: { readonly rows: GridRow[]; readonly best: GridRow };
  /** The best in-sample parameters, unchanged, on bars from splitTs on. */
  readonly outOfSample: BacktestResult;
}

/**
 * `--split`: the grid judged on the bars before splitTs only; its best row then run
 * unchanged on the bars from splitTs on. Each part is aligned and warmed up on its own
 * bars, exactly as a plain backtest of that sub-range would be, so either side can be
 * reproduced with `--from/--to`; nothing of the later part reaches the choice.
 */
export function runSplit(
  yBars: readonly BarLike[],
  xBars: readonly BarLike[],
  tfMs: number,
  sets: readonly BacktestParams[],
  splitTs: number,
  funding: PairFunding | null,
  onRow?: (done: number, total: number) => void,
): SplitRun {
  const before = (b: BarLike) => b.ts < splitTs;
  const after = (b: BarLike) => b.ts >= splitTs;
  const inBars = alignBacktestBars(yBars.filter(before), xBars.filter(before), tfMs);
  const rows = runGrid(inBars, sets, funding, onRow);
  const best = bestRow(rows);
  if (best === null) throw new RangeError('backtest: an empty grid has no best row');
  const outOfSample = backtestPair(yBars.filter(after), xBars.filter(after), tfMs, best.params, funding);
  return { splitTs, inSample: { rows, best }, outOfSample };
}
