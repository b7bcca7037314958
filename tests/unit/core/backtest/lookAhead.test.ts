import { describe, expect, it } from 'vitest';
import type { BarLike } from '../../../../src/core/analytics/types';
import {
  alignBacktestBars,
  backtestPair,
  decideTrades,
  rollingSignals,
  type BacktestParams,
  type PairFunding,
} from '../../../../src/core/backtest/index';
import { gaussian, mulberry32 } from '../../../../src/core/sim/prng';
import { barsOf, fundingOf, loadBacktestFixture } from './fixtures';

// No look-ahead (../shared/specs/backtest.md): whatever happens after point t — other
// prices, missing or extra bars, other funding rates — nothing decided at or before t
// changes, nor the equity and positions up to t's close.
const fx = loadBacktestFixture();
const yBars = barsOf(fx.y.bars);
const xBars = barsOf(fx.x.bars);
const funding = fundingOf(fx.funding);
const tf = fx.tfMs;
const aligned = alignBacktestBars(yBars, xBars, tf);
const L = aligned.ts.length;

/** Every bar starting after `cut` rescaled at random, a third of them dropped, and a few
 * bars added where there were none; funding rates after `cut` redrawn. */
function rewriteFuture(cut: number, seed: number): { y: BarLike[]; x: BarLike[]; funding: PairFunding } {
  const g = gaussian(mulberry32(seed));
  const u = mulberry32(seed + 1);
  const leg = (bars: BarLike[]): BarLike[] => {
    const out: BarLike[] = [];
    for (const b of bars) {
      if (b.ts <= cut) {
        out.push(b);
        continue;
      }
      if (u() < 0.33) continue;
      const k = 1 + 0.004 * g();
      out.push({ ...b, open: b.open * k, high: b.high * k, low: b.low * k, close: b.close * (1 + 0.004 * g()) });
      if (u() < 0.05) out.push({ ...b, ts: b.ts + 500, open: b.open * 0.99, close: b.close * 1.01 });
    }
    return out.sort((a, b) => a.ts - b.ts);
  };
  const events = (list: PairFunding['y']) => list.map((e) => (e.ts >= cut + tf ? { ts: e.ts, rate: 0.01 * g() } : e));
  return { y: leg(yBars), x: leg(xBars), funding: { y: events(funding.y), x: events(funding.x) } };
}

const cases: [string, BacktestParams][] = [
  ['raw, stop and maxHold', { ...fx.cases[1]!.params }],
  ['log', { ...fx.cases[2]!.params }],
];

describe.each(cases)('no look-ahead (%s)', (_name, params) => {
  const base = backtestPair(yBars, xBars, tf, params, funding);
  const baseSignals = rollingSignals(aligned, params.window, params.mode);
  const baseIntents = decideTrades(baseSignals, params).intents;
  const cuts = [params.window + 3, Math.floor(L * 0.3), Math.floor(L * 0.55), Math.floor(L * 0.8), L - 3];

  it.each(cuts.map((t, i) => [t, i]))(
    'changing every bar after point %i changes nothing decided at or before it',
    (t, i) => {
      const cut = aligned.ts[t]!;
      const future = rewriteFuture(cut, 1000 + i);
      const alt = backtestPair(future.y, future.x, tf, params, future.funding);
      const altAligned = alignBacktestBars(future.y, future.x, tf);
      const altSignals = rollingSignals(altAligned, params.window, params.mode);
      const altIntents = decideTrades(altSignals, params).intents;

      // The points and their signals up to t are the same numbers.
      expect(altAligned.ts.slice(0, t + 1)).toEqual(aligned.ts.slice(0, t + 1));
      expect(altSignals.z.slice(0, t + 1)).toEqual(baseSignals.z.slice(0, t + 1));
      expect(altSignals.beta.slice(0, t + 1)).toEqual(baseSignals.beta.slice(0, t + 1));
      // Entries signalled at or before t: same side, point and frozen beta; exits signalled
      // at or before t (filled at or before t + 1): same point and reason.
      const entries = (list: typeof baseIntents) =>
        list.filter((x) => x.signalIndex <= t).map((x) => [x.side, x.signalIndex, x.betaE]);
      const exits = (list: typeof baseIntents) =>
        list
          .filter((x) => x.exitIndex - 1 <= t && x.reason !== 'end')
          .map((x) => [x.signalIndex, x.exitIndex, x.reason]);
      expect(entries(altIntents)).toEqual(entries(baseIntents));
      expect(exits(altIntents)).toEqual(exits(baseIntents));
      // Trades whose exit filled by t are identical to the last figure, funding included.
      const done = (r: typeof base) => r.trades.filter((x) => x.reason !== 'end' && x.exitTs <= cut);
      expect(done(alt)).toEqual(done(base));
      expect([...alt.equity.subarray(0, t + 1)]).toEqual([...base.equity.subarray(0, t + 1)]);
      expect([...alt.position.subarray(0, t + 1)]).toEqual([...base.position.subarray(0, t + 1)]);
      // And the future really was different (the test would prove nothing otherwise).
      if (t < L - 3) expect(alt.summary.netPnl).not.toBe(base.summary.netPnl);
    },
  );
});
