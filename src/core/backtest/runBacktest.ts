import type { BarLike } from '../analytics/types';
import { alignBacktestBars } from './alignBars';
import { equityCurve } from './equity';
import { priceTrade, reportTrade } from './fills';
import { assertParams } from './params';
import { rollingSignals } from './rollingSignals';
import { decideTrades } from './signals';
import { summarize } from './summary';
import type { BacktestBars, BacktestParams, FundingEvent, PairFunding, SignalSeries, Summary, Trade } from './types';

export interface BacktestInput {
  readonly bars: BacktestBars;
  /** One entry per point (rollingSignals, or any series placed with signalsOnPoints). */
  readonly signals: SignalSeries;
  readonly params: BacktestParams;
  /** Funding events per leg; null or absent: no funding. */
  readonly funding?: PairFunding | null;
}

export interface BacktestResult {
  readonly params: BacktestParams;
  readonly summary: Summary;
  readonly trades: Trade[];
  /** Point start times: the equity and position curves' time axis. */
  readonly ts: readonly number[];
  readonly equity: Float64Array;
  readonly position: Int8Array;
  /** Entry signals skipped because beta ≤ 0 at the signal. */
  readonly skippedNegativeBeta: number;
}

/**
 * One backtest (../shared/specs/backtest.md): decide on the signals, price the trades with
 * costs and funding, and a second time with none (same signals) for sharpeNoCosts.
 */
export function runBacktest(input: BacktestInput): BacktestResult {
  const { bars, signals, params } = input;
  assertParams(params);
  const L = bars.ts.length;
  if (signals.z.length !== L || signals.beta.length !== L)
    throw new RangeError(`backtest: ${signals.z.length} signal points for ${L} bars`);
  const funding = input.funding ? { y: ascending(input.funding.y), x: ascending(input.funding.x) } : null;
  const { intents, skippedNegativeBeta } = decideTrades(signals, params);
  const priced = intents.map((i) => priceTrade(i, bars, params, funding));
  const curve = equityCurve(priced, bars);
  const free = intents.map((i) => priceTrade(i, bars, { ...params, feeBps: 0, slippageBps: 0 }, null));
  const noCosts = equityCurve(free, bars);
  const summary = summarize(priced, curve, noCosts, {
    window: params.window,
    tfMs: bars.tfMs,
    notional: params.notional,
  });
  return {
    params,
    summary,
    trades: priced.map(reportTrade),
    ts: bars.ts,
    equity: curve.equity,
    position: curve.position,
    skippedNegativeBeta,
  };
}

/** From each leg's bars of one timeframe: align, roll the window, backtest. */
export function backtestPair(
  yBars: readonly BarLike[],
  xBars: readonly BarLike[],
  tfMs: number,
  params: BacktestParams,
  funding?: PairFunding | null,
): BacktestResult {
  assertParams(params);
  const bars = alignBacktestBars(yBars, xBars, tfMs);
  return runBacktest({ bars, signals: rollingSignals(bars, params.window, params.mode), params, funding });
}

function ascending(events: readonly FundingEvent[]): readonly FundingEvent[] {
  for (let i = 1; i < events.length; i++)
    if (events[i]!.ts < events[i - 1]!.ts) return [...events].sort((a, b) => a.ts - b.ts);
  return events;
}
