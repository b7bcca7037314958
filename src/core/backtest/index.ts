/** Public API of the pure pair backtest (../shared/specs/backtest.md). */
export type {
  BacktestBars,
  BacktestParams,
  ExitReason,
  FundingEvent,
  PairFunding,
  PriceMode,
  Side,
  SignalSeries,
  Summary,
  Trade,
} from './types';
export { DEFAULT_PARAMS } from './types';
export { paramsProblem, assertParams } from './params';
export { alignBacktestBars, slicePoints } from './alignBars';
export { rollingSignals, signalsOnPoints } from './rollingSignals';
export type { TradeIntent, Decisions } from './signals';
export { decideTrades } from './signals';
export type { Costs, PricedTrade } from './fills';
export { priceTrade, reportTrade } from './fills';
export type { FundingBooking } from './funding';
export { tradeFunding, eventsInRange } from './funding';
export type { EquityCurve } from './equity';
export { equityCurve } from './equity';
export type { SummaryContext } from './summary';
export { summarize, maxDrawdown, exposure, sharpe } from './summary';
export type { BacktestInput, BacktestResult } from './runBacktest';
export { runBacktest, backtestPair } from './runBacktest';
export type { GridAxes, GridRow, SplitRun } from './grid';
export { expandGrid, runGrid, bestRow, splitTime, runSplit } from './grid';
