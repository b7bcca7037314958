import { describe, expect, it } from 'vitest';
import {
  alignBacktestBars,
  runBacktest,
  type BacktestParams,
  type SignalSeries,
} from '../../../../src/core/backtest/index';
import type { BarLike } from '../../../../src/core/analytics/types';
import { flatBars, params, signalsOf, T0, TF } from './handBars';

// Hand-worked cases, one per rule of ../shared/specs/backtest.md. Window 3 (signals from
// point 2), beta 2, notional 1000 and no costs unless a case says otherwise: Y at 100 and
// X at 50 give qY = 10, qX = 20.
const n = null;
const run = (bars: ReturnType<typeof flatBars>, signals: SignalSeries, p: Partial<BacktestParams> = {}) =>
  runBacktest({ bars, signals, params: params(p) });
const shape = (r: ReturnType<typeof run>) =>
  r.trades.map((t) => [t.side, t.entryTs - T0, t.exitTs - T0, t.reason, t.barsHeld]);

describe('entry and exit', () => {
  // Y 100 → 101 → 102 → 103, X 50 → 50.5 → 50 → 49 while long.
  const bars = flatBars(8, {
    4: { yC: 101, xC: 50.5 },
    5: { yO: 101, yC: 102, xO: 50.5, xC: 50 },
    6: { yO: 103, yC: 103, xO: 49, xC: 49 },
    7: { yO: 103, yC: 103, xO: 49, xC: 49 },
  });

  it('a long spread opens on z ≤ −entry at the next open and closes on z ≥ −exit at the next open', () => {
    const r = run(bars, signalsOf([n, n, 0, -2.5, -1, 0.1, 0, 0]));
    expect(r.trades).toEqual([
      {
        entryTs: T0 + 4000,
        exitTs: T0 + 6000,
        side: 'long',
        reason: 'exit',
        betaE: 2,
        qY: 10,
        qX: 20,
        entryY: 100,
        entryX: 50,
        exitY: 103,
        exitX: 49,
        gross: 10 * (103 - 100) - 20 * (49 - 50),
        fees: 0,
        funding: 0,
        net: 50,
        barsHeld: 2,
      },
    ]);
    // E_t at each close: flat, then the open position marked at the closes, then realised.
    expect([...r.equity]).toEqual([0, 0, 0, 0, 10 * 1 - 20 * 0.5, 10 * 2 - 20 * 0, 50, 50]);
    expect([...r.position]).toEqual([0, 0, 0, 0, 1, 1, 0, 0]);
  });

  it('fills slip against the trade and every fill pays the fee on its notional', () => {
    const r = run(bars, signalsOf([n, n, 0, -2.5, -1, 0.1, 0, 0]), { feeBps: 10, slippageBps: 10 });
    const [t] = r.trades;
    // Long spread: buy Y and sell X at entry, the reverse at exit.
    expect(t!.entryY).toBeCloseTo(100 * 1.001, 12);
    expect(t!.entryX).toBeCloseTo(50 * 0.999, 12);
    expect(t!.exitY).toBeCloseTo(103 * 0.999, 12);
    expect(t!.exitX).toBeCloseTo(49 * 1.001, 12);
    // qY comes from the open, not the slipped price.
    expect(t!.qY).toBe(10);
    const fees = 0.001 * (10 * 100.1 + 20 * 49.95 + 10 * 102.897 + 20 * 49.049);
    const gross = 10 * (102.897 - 100.1) - 20 * (49.049 - 49.95);
    expect(t!.fees).toBeCloseTo(fees, 10);
    expect(t!.gross).toBeCloseTo(gross, 10);
    expect(t!.net).toBeCloseTo(gross - fees, 10);
    // While open, the equity carries the entry fees only.
    const entryFees = 0.001 * (10 * 100.1 + 20 * 49.95);
    expect(r.equity[4]).toBeCloseTo(10 * (101 - 100.1) - 20 * (50.5 - 49.95) - entryFees, 10);
    expect(r.equity[6]).toBeCloseTo(gross - fees, 10);
    expect(r.summary.fees).toBeCloseTo(fees, 10);
    expect(r.summary.grossPnl).toBeCloseTo(gross, 10);
  });

  it('a short spread opens on z ≥ entry (sell Y, buy X) and closes on z ≤ exit', () => {
    const r = run(bars, signalsOf([n, n, 0, 2.5, 1, -0.1, 0, 0]), { slippageBps: 10 });
    const [t] = r.trades;
    expect(shape(r)).toEqual([['short', 4000, 6000, 'exit', 2]]);
    expect(t!.entryY).toBeCloseTo(100 * 0.999, 12);
    expect(t!.entryX).toBeCloseTo(50 * 1.001, 12);
    expect(t!.exitY).toBeCloseTo(103 * 1.001, 12);
    expect(t!.exitX).toBeCloseTo(49 * 0.999, 12);
    expect(t!.gross).toBeCloseTo(-(10 * (103 * 1.001 - 99.9) - 20 * (49 * 0.999 - 50.05)), 10);
    expect(r.position[4]).toBe(-1);
  });

  it('exit is a band: a long holds while z < −exit, a short while z > exit', () => {
    const long = run(flatBars(9), signalsOf([n, n, 0, -2.5, -0.6, -0.5, 0, 0, 0]), { exit: 0.5 });
    expect(shape(long)).toEqual([['long', 4000, 6000, 'exit', 2]]);
    const short = run(flatBars(9), signalsOf([n, n, 0, 2.5, 0.6, 0.5, 0, 0, 0]), { exit: 0.5 });
    expect(shape(short)).toEqual([['short', 4000, 6000, 'exit', 2]]);
  });

  it('a position closed on the signal of t is not reopened on that same signal', () => {
    // z jumps from the long entry straight past +entry: close only; the short waits a bar.
    const r = run(flatBars(10), signalsOf([n, n, 0, -2.5, -1, 2.5, 2.5, 2.4, 0, 0]));
    expect(shape(r)).toEqual([
      ['long', 4000, 6000, 'exit', 2],
      ['short', 7000, 9000, 'exit', 2],
    ]);
  });

  it('decides nothing before the window is full, whatever the series holds', () => {
    const r = run(flatBars(8), signalsOf([-3, -3, -3, -3, 0, -2.5, 0, 0]), { window: 5 });
    expect(shape(r)).toEqual([['long', 6000, 7000, 'exit', 1]]);
  });
});

describe('stop, then re-arm', () => {
  it('closes on |z| ≥ stop and takes no entry until some |z| < entry', () => {
    // t4 stops out; t5 (−2.5) and t6 (+2.5, the other side) are blocked; t7 re-arms; t8 enters.
    const r = run(flatBars(12), signalsOf([n, n, 0, -2.5, -3.2, -2.5, 2.5, -1, -2.2, 0, 0, 0]), { stop: 3 });
    expect(shape(r)).toEqual([
      ['long', 4000, 5000, 'stop', 1],
      ['long', 9000, 10000, 'exit', 1],
    ]);
  });

  it('exit takes precedence over stop on the same bar', () => {
    // A long whose z leaps to +3.5: both exit (z ≥ −exit) and stop hold; the reason is exit,
    // so nothing blocks the short that follows.
    const r = run(flatBars(10), signalsOf([n, n, 0, -2.5, 3.5, 2.5, 0, 0, 0, 0]), { stop: 3 });
    expect(shape(r)).toEqual([
      ['long', 4000, 5000, 'exit', 1],
      ['short', 6000, 7000, 'exit', 1],
    ]);
  });
});

describe('max hold', () => {
  it('closes when the bars held since the fill reach maxHold, then may enter again', () => {
    const r = run(flatBars(12), signalsOf([n, n, 0, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5, 0, 0, 0]), { maxHold: 3 });
    expect(shape(r)).toEqual([
      ['long', 4000, 7000, 'maxHold', 3],
      ['long', 8000, 10000, 'exit', 2],
    ]);
  });

  it('maxHold 1 closes on the fill bar’s own close: one bar held', () => {
    const r = run(flatBars(8), signalsOf([n, n, 0, -2.5, -2.5, -2.5, -2.5, -2.5]), { maxHold: 1 });
    expect(shape(r)).toEqual([
      ['long', 4000, 5000, 'maxHold', 1],
      ['long', 6000, 7000, 'maxHold', 1],
    ]);
    // The entry signal at t7, the last point, is not filled.
  });

  it('counts points without z: no exit on them, but the hold still ends', () => {
    const z = [n, n, 0, -2.5, -2.5, n, n, 0, 0, 0];
    expect(shape(run(flatBars(10), signalsOf(z)))).toEqual([['long', 4000, 8000, 'exit', 4]]);
    expect(shape(run(flatBars(10), signalsOf(z), { maxHold: 2 }))).toEqual([['long', 4000, 6000, 'maxHold', 2]]);
  });
});

describe('the end of the range', () => {
  it('an entry signal on the last point is not filled', () => {
    const r = run(flatBars(6), signalsOf([n, n, 0, 0, 0, -2.5]));
    expect(r.trades).toEqual([]);
    expect(r.summary.trades).toBe(0);
    expect(r.summary.winRate).toBeNull();
    expect(r.summary.sharpe).toBeNull();
  });

  it('a position open at the end closes at the last closes: reason end, fees but no slippage', () => {
    const bars = flatBars(6, { 5: { yO: 101, yC: 104, xO: 50, xC: 51 } });
    // The exit signal on the last point is not filled either: the position ends there.
    const r = run(bars, signalsOf([n, n, 0, -2.5, -2.5, 0]), { feeBps: 10, slippageBps: 10 });
    const [t] = r.trades;
    expect(shape(r)).toEqual([['long', 4000, 6000, 'end', 2]]);
    expect(t!.exitTs).toBe(T0 + 5 * TF + TF);
    expect(t!.exitY).toBe(104);
    expect(t!.exitX).toBe(51);
    const fees = 0.001 * (10 * 100.1 + 20 * 49.95 + 10 * 104 + 20 * 51);
    expect(t!.fees).toBeCloseTo(fees, 10);
    expect(t!.gross).toBeCloseTo(10 * (104 - 100.1) - 20 * (51 - 49.95), 10);
    // E at the last close marks the open position (its exit fees are booked at index L).
    expect(r.equity[5]).toBeCloseTo(10 * (104 - 100.1) - 20 * (51 - 49.95) - 0.001 * (10 * 100.1 + 20 * 49.95), 10);
  });
});

describe('a leg without a bar at the fill point', () => {
  const bar = (ts: number, open: number, close: number): BarLike => ({
    ts: T0 + ts * TF,
    open,
    high: Math.max(open, close),
    low: Math.min(open, close),
    close,
    volume: 1,
    quoteVolume: close,
  });

  it('fills at its close carried forward', () => {
    const y = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => bar(i, 100 + i, 100 + i));
    // X has no bar at 4 (the entry fill) nor at 6 (the exit fill): it fills at 51 and 53.
    const x = [bar(0, 50, 50), bar(1, 50, 50), bar(2, 50, 50), bar(3, 50.5, 51), bar(5, 52, 53), bar(7, 54, 54)];
    const bars = alignBacktestBars(y, x, TF);
    expect(bars.xHasBar).toEqual([true, true, true, true, false, true, false, true]);
    expect(bars.xOpen[4]).toBe(51);
    expect(bars.xOpen[6]).toBe(53);
    expect(bars.yOpen[4]).toBe(104);
    const r = run(bars, signalsOf([n, n, 0, -2.5, -1, 0, 0, 0]), { slippageBps: 10 });
    const [t] = r.trades;
    expect(shape(r)).toEqual([['long', 4000, 6000, 'exit', 2]]);
    expect(t!.qY).toBeCloseTo(1000 / 104, 12);
    expect(t!.qX).toBeCloseTo((2 * 1000) / 104, 12);
    expect(t!.entryX).toBeCloseTo(51 * 0.999, 12);
    expect(t!.exitX).toBeCloseTo(53 * 1.001, 12);
    expect(t!.exitY).toBeCloseTo(106 * 0.999, 12);
  });
});

describe('the hedge ratio', () => {
  it('skips an entry whose beta ≤ 0 (no pair trade with same-sign legs)', () => {
    const r = run(flatBars(8), signalsOf([n, n, 0, -2.5, -2.5, -2.5, 0, 0], [n, n, 1, -1, 0, 1.5, 1.5, 1.5]));
    expect(r.skippedNegativeBeta).toBe(2);
    expect(shape(r)).toEqual([['long', 6000, 7000, 'exit', 1]]);
    expect(r.trades[0]!.betaE).toBe(1.5);
  });

  it('is frozen at the signal point; log mode hedges beta·notional of X', () => {
    const bars = flatBars(8, { 4: { yO: 200, xO: 40 } });
    const beta = [n, n, 2, 3, 7, 9, 9, 9];
    const raw = run(bars, signalsOf([n, n, 0, -2.5, -1, 0, 0, 0], beta));
    expect(raw.trades[0]!.betaE).toBe(3);
    expect(raw.trades[0]!.qY).toBe(1000 / 200);
    expect(raw.trades[0]!.qX).toBe(3 * (1000 / 200));
    const log = run(bars, signalsOf([n, n, 0, -2.5, -1, 0, 0, 0], beta), { mode: 'log' });
    expect(log.trades[0]!.qY).toBe(1000 / 200);
    expect(log.trades[0]!.qX).toBe((3 * 1000) / 40);
  });
});

describe('funding', () => {
  // Long spread from the open of point 4 to the open of point 8: long 10 Y, short 20 X.
  const bars = flatBars(10, { 4: { yC: 101, xC: 51 }, 5: { yO: 101, yC: 102, xO: 51, xC: 52 } });
  const z = [n, n, 0, -2.5, -2.5, -2.5, -2.5, 0, 0, 0];
  const funding = {
    y: [
      { ts: T0 + 3000, rate: 0.01 }, // before the entry fill: not this trade's
      { ts: T0 + 4000, rate: 0.001 }, // at the entry fill: nothing closed yet, mark = entry fill price
      { ts: T0 + 5500, rate: -0.002 }, // negative: the long leg receives; mark = close of point 4
      { ts: T0 + 8000, rate: 0.01 }, // at the exit fill: not counted (T < exit)
    ],
    x: [
      { ts: T0 + 6000, rate: 0.001 }, // exactly point 5's close: its close is the mark
      { ts: T0 + 7999, rate: 0.0005 },
    ],
  };
  const paid = [10 * 100 * 0.001, -(10 * 101 * 0.002), -(20 * 52 * 0.001), -(20 * 50 * 0.0005)];

  it('a long leg pays qty·mark·rate, a short leg receives it, booked after T', () => {
    const r = runBacktest({ bars, signals: signalsOf(z), params: params(), funding });
    const [t] = r.trades;
    expect(shape(r)).toEqual([['long', 4000, 8000, 'exit', 4]]);
    const total = paid.reduce((a, b) => a + b);
    expect(t!.funding).toBeCloseTo(total, 12);
    expect(t!.net).toBeCloseTo(t!.gross - total, 12);
    expect(r.summary.funding).toBeCloseTo(total, 12);
    // Booked in the first point whose close is after T.
    expect(r.equity[4]).toBeCloseTo(10 * 1 - 20 * 1 - paid[0]!, 12);
    expect(r.equity[5]).toBeCloseTo(10 * 2 - 20 * 2 - paid[0]! - paid[1]!, 12);
    expect(r.equity[6]).toBeCloseTo(-paid[0]! - paid[1]! - paid[2]!, 12);
    expect(r.equity[7]).toBeCloseTo(-total, 12);
    expect(r.equity[8]).toBeCloseTo(t!.net, 12);
  });

  it('a short spread pays what the long received, and funding never enters sharpeNoCosts', () => {
    const long = runBacktest({ bars, signals: signalsOf(z), params: params(), funding });
    const short = runBacktest({
      bars,
      signals: signalsOf(z.map((v) => (v === null ? v : -v))),
      params: params(),
      funding,
    });
    expect(short.trades[0]!.side).toBe('short');
    expect(short.trades[0]!.funding).toBeCloseTo(-long.trades[0]!.funding, 12);
    const none = runBacktest({ bars, signals: signalsOf(z), params: params() });
    expect(long.summary.sharpeNoCosts).toBe(none.summary.sharpe);
    expect(long.summary.sharpe).not.toBe(none.summary.sharpe);
  });

  it('a funding time inside a gap between points is booked at the exit point', () => {
    // Points at 0…5 s, then 10 s and 11 s; long from point 4 (4 s) to point 6 (10 s).
    const ts = [0, 1, 2, 3, 4, 5, 10, 11].map((s) => T0 + s * TF);
    const gapBars = { ...flatBars(8, { 5: { yC: 103, xC: 50 } }), ts };
    const r = runBacktest({
      bars: gapBars,
      signals: signalsOf([n, n, 0, -2.5, -1, 0, 0, 0]),
      params: params(),
      funding: { y: [{ ts: T0 + 7500, rate: 0.001 }], x: [] },
    });
    const [t] = r.trades;
    expect(t!.exitTs).toBe(T0 + 10_000);
    // The mark is point 5's close (103), the last closed by 7.5 s.
    expect(t!.funding).toBeCloseTo(10 * 103 * 0.001, 12);
    expect(r.equity[5]).toBeCloseTo(10 * 3, 12);
    expect(r.equity[6]).toBeCloseTo(t!.net, 12);
  });
});

describe('summary figures', () => {
  const bars = flatBars(8, {
    4: { yC: 101, xC: 50.5 },
    5: { yO: 101, yC: 102, xO: 50.5, xC: 50 },
    6: { yO: 103, yC: 103, xO: 49, xC: 49 },
    7: { yO: 103, yC: 103, xO: 49, xC: 49 },
  });

  it('returns, Sharpe and exposure run over points W…L−1', () => {
    const r = run(bars, signalsOf([n, n, 0, -2.5, -1, 0.1, 0, 0]));
    // E over points 3…7 is 0, 0, 20, 50, 50 (E_2 = 0): r = 0, 0, 0.02, 0.03, 0.
    const rets = [0, 0, 0.02, 0.03, 0];
    const mean = rets.reduce((a, b) => a + b) / 5;
    const std = Math.sqrt(rets.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(r.summary.sharpe).toBeCloseTo((mean / std) * Math.sqrt(365 * 86_400), 8);
    expect(r.summary.sharpeNoCosts).toBe(r.summary.sharpe);
    expect(r.summary).toMatchObject({
      netPnl: 50,
      grossPnl: 50,
      returnPct: 5,
      trades: 1,
      winRate: 1,
      avgBarsHeld: 2,
      maxBarsHeld: 2,
      maxDrawdown: 0,
      maxDrawdownPct: 0,
    });
    expect(r.summary.exposure).toBeCloseTo(2 / 5, 12);
  });

  it('max drawdown runs from the peak of max(0, E)', () => {
    // Long 4→6 falls to −10 at the close of 4 (Y 99, X 50), back to 0 at 5; exit at 6.
    const down = flatBars(8, { 4: { yC: 99, xC: 50 }, 5: { yO: 100, yC: 100, xO: 50, xC: 50 } });
    const r = run(down, signalsOf([n, n, 0, -2.5, -1, 0, 0, 0]));
    expect([...r.equity]).toEqual([0, 0, 0, 0, -10, 0, 0, 0]);
    expect(r.summary.maxDrawdown).toBe(10);
    expect(r.summary.maxDrawdownPct).toBe(1);
  });

  it('refuses parameters the spec rules out', () => {
    const bars8 = flatBars(8);
    const s = signalsOf([n, n, 0, 0, 0, 0, 0, 0]);
    expect(() => run(bars8, s, { entry: 1, exit: 1 })).toThrow(/entry \(1\) must be greater than exit \(1\)/);
    expect(() => run(bars8, s, { feeBps: -1 })).toThrow(/feeBps must be ≥ 0/);
    expect(() => run(bars8, s, { stop: 2 })).toThrow(/stop \(2\) must be greater than entry/);
    expect(() => run(bars8, s, { maxHold: 0 })).toThrow(/maxHold/);
    expect(() => run(bars8, signalsOf([0, 0]))).toThrow(/2 signal points for 8 bars/);
  });
});
