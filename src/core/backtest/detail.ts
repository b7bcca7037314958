import { equityCurve } from './equity';
import { priceTrade } from './fills';
import { runBacktest, type BacktestInput, type BacktestResult } from './runBacktest';
import { decideTrades } from './signals';

/** Where a trade was decided: the point whose close signalled it, and z there. */
export interface TradeMark {
  /** Index into the result's trades. */
  readonly trade: number;
  readonly kind: 'entry' | 'exit';
  /** Point index of the signal (an `end` exit: the last point, which has no fill after it). */
  readonly index: number;
  readonly z: number | null;
}

export interface BacktestDetail {
  readonly result: BacktestResult;
  /**
   * Equity before fees and funding: the same fills (slippage included) with no fee and no
   * funding, so it ends at the summary's grossPnl, as the trades' `gross` add up to it.
   * Against the net curve it shows what fees and funding took, bar by bar.
   */
  readonly gross: Float64Array;
  readonly marks: TradeMark[];
}

/**
 * One backtest with what a chart of it needs besides the report: the gross equity curve
 * and each trade's signal points (entry and exit on the z-score it traded). The result is
 * runBacktest's own, unchanged.
 */
export function backtestDetail(input: BacktestInput): BacktestDetail {
  const result = runBacktest(input);
  const { bars, signals, params } = input;
  // Decisions depend on z and beta only (never on prices or costs): these are the very
  // round trips runBacktest priced, in the same order.
  const { intents } = decideTrades(signals, params);
  const gross = equityCurve(
    intents.map((i) => priceTrade(i, bars, { ...params, feeBps: 0 }, null)),
    bars,
  ).equity;
  const last = bars.ts.length - 1;
  const marks: TradeMark[] = [];
  intents.forEach((i, trade) => {
    marks.push({ trade, kind: 'entry', index: i.signalIndex, z: signals.z[i.signalIndex] ?? null });
    const exitAt = i.reason === 'end' ? last : i.exitIndex - 1;
    marks.push({ trade, kind: 'exit', index: exitAt, z: signals.z[exitAt] ?? null });
  });
  return { result, gross, marks };
}
