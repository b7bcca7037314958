import { describe, expect, it } from 'vitest';
import { backtestPair, type Summary, type Trade } from '../../../../src/core/backtest/index';
import { expectClose } from '../analytics/fixtures';
import { barsOf, fundingOf, loadBacktestFixture } from './fixtures';

// Every figure against an independent pandas/statsmodels implementation of the spec
// (scripts/fixtures/backtest_fixtures.py) on seeded bars with missing bars, a gap and
// funding: the trade list identical, money within 1e-6 relative (../shared/specs/backtest.md).
const fx = loadBacktestFixture();
const yBars = barsOf(fx.y.bars);
const xBars = barsOf(fx.x.bars);
const funding = fundingOf(fx.funding);

const MONEY: (keyof Trade)[] = [
  'betaE',
  'qY',
  'qX',
  'entryY',
  'entryX',
  'exitY',
  'exitX',
  'gross',
  'fees',
  'funding',
  'net',
];
const EXACT: (keyof Trade)[] = ['entryTs', 'exitTs', 'side', 'reason', 'barsHeld'];

describe.each(fx.cases.map((c) => [c.name, c] as const))('backtest equals the pandas reference: %s', (_name, c) => {
  const result = backtestPair(yBars, xBars, fx.tfMs, c.params, c.funding ? funding : null);
  // Money near zero (a flat equity point, a funding-free trade) has no meaningful relative
  // error; a millionth of a cent of the notional bounds it instead.
  const abs = c.params.notional * 1e-12;

  it('has the same points and the same trade list', () => {
    expect(result.ts).toHaveLength(c.expected.points);
    expect(result.trades.length).toBeGreaterThan(0);
    expect(result.trades.map((t) => EXACT.map((k) => t[k]))).toEqual(
      c.expected.trades.map((t) => EXACT.map((k) => t[k])),
    );
    expect(result.skippedNegativeBeta).toBe(c.expected.skippedNegativeBeta);
  });

  it('prices every trade the same (1e-6 relative)', () => {
    result.trades.forEach((t, i) => {
      for (const k of MONEY)
        expectClose(t[k] as number, c.expected.trades[i]![k] as number, `trade ${i} ${k}`, 1e-6, abs);
    });
  });

  it('draws the same equity curve', () => {
    expect(result.equity).toHaveLength(c.expected.equity.length);
    c.expected.equity.forEach((e, t) => expectClose(result.equity[t], e, `E[${t}]`, 1e-6, c.params.notional * 1e-9));
  });

  it('reports the same summary', () => {
    const keys = Object.keys(c.expected.summary) as (keyof Summary)[];
    expect(Object.keys(result.summary).sort()).toEqual([...keys].sort());
    for (const k of keys) expectClose(result.summary[k], c.expected.summary[k], `summary.${k}`, 1e-6, abs);
  });
});

describe('the reference cases exercise every rule', () => {
  it('between them: exits, stops, maxHold, an end exit, funding paid and received', () => {
    const reasons = new Set(fx.cases.flatMap((c) => c.expected.trades.map((t) => t.reason)));
    expect([...reasons].sort()).toEqual(['end', 'exit', 'maxHold', 'stop']);
    const fundings = fx.cases.flatMap((c) => c.expected.trades.map((t) => t.funding));
    expect(fundings.some((f) => f > 0)).toBe(true);
    expect(fundings.some((f) => f < 0)).toBe(true);
    expect(new Set(fx.cases.map((c) => c.params.mode))).toEqual(new Set(['raw', 'log']));
  });
});
