import { describe, expect, it } from 'vitest';
import { ols } from '../../../../src/core/analytics/ols';
import { pairAnalytics } from '../../../../src/core/analytics/pairAnalytics';
import type { BarLike } from '../../../../src/core/analytics/types';
import type { PairExpected } from './fixtures';
import { P_ABS, expectClose, loadFixture } from './fixtures';

interface SyntheticFixture {
  cases: Record<string, { y: number[]; x: number[]; expected: PairExpected }>;
  degenerate: Record<string, { y: number[]; x: number[] }>;
}
const fx = loadFixture<SyntheticFixture>('synthetic.json');

function bars(symbol: string, closes: number[]): BarLike[] {
  return closes.map((c, i) => ({
    symbol,
    ts: 1_700_000_000_000 + i * 1000,
    open: c,
    high: c,
    low: c,
    close: c,
    volume: 1,
    quoteVolume: c,
  }));
}

describe('pairAnalytics: the `tickscope analyze --json` object', () => {
  const { y, x, expected: e } = fx.cases.cointegrated;
  const W = y.length;
  const yb = bars('AAA', y);
  const xb = bars('BBB', x);

  it('has exactly the CLI JSON shape', () => {
    const r = pairAnalytics(yb, xb, W, { tf: '1s' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value;
    expect(Object.keys(v)).toEqual([
      'y',
      'x',
      'tf',
      'window',
      'mode',
      'hedge',
      'hedgeRatio',
      'n',
      'end',
      'stats',
      'ols',
      'spread',
      'correlation',
      'adf',
      'coint',
      'halfLife',
      'kalman',
      'robust',
    ]);
    expect(Object.keys(v.stats)).toEqual(['AAA', 'BBB']);
    expect(Object.keys(v.stats.AAA ?? {})).toEqual(['last', 'mean', 'std', 'high', 'low', 'vwap', 'return']);
    expect(Object.keys(v.ols ?? {})).toEqual(['alpha', 'beta', 'r2']);
    expect(Object.keys(v.spread ?? {})).toEqual(['last', 'mean', 'std', 'z']);
    expect(Object.keys(v.adf ?? {})).toEqual(['stat', 'pvalue', 'usedlag', 'nobs', 'crit', 'icbest']);
    expect(Object.keys(v.adf?.crit ?? {})).toEqual(['1%', '5%', '10%']);
    expect(Object.keys(v.coint ?? {})).toEqual(['stat', 'pvalue', 'crit']);
    expect(Object.keys(v.kalman ?? {})).toEqual(['beta', 'alpha', 'error', 'errorStd', 'betaLog', 'alphaLog']);
    expect(Object.keys(v.robust)).toEqual(['theilSen', 'huber']);
    expect(v.n).toBe(W);
    expect(v.end).toBe(yb[W - 1]!.ts);
    expect(r.issues).toEqual({});
    // JSON round trip: no NaN/Infinity turned into null behind our back.
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it('carries the statsmodels figures for the window', () => {
    const r = pairAnalytics(yb, xb, W);
    if (!r.ok) throw new Error(r.message);
    const v = r.value;
    expectClose(v.ols?.beta, e.ols.beta, 'beta');
    expectClose(v.spread?.z, e.spread.z, 'z');
    expectClose(v.correlation, e.correlation, 'correlation');
    expectClose(v.adf?.stat, e.adf.stat, 'adf.stat');
    expectClose(v.coint?.pvalue, e.coint?.pvalue ?? null, 'coint.pvalue', 0, P_ABS);
    expectClose(v.halfLife, e.halfLife, 'halfLife');
    expectClose(v.kalman?.beta, e.kalman.beta, 'kalman.beta');
    expectClose(v.robust.huber?.beta, e.robust.huber.beta, 'huber.beta');
  });

  it('evaluates the window ending at `to`', () => {
    const to = yb[349]!.ts + 500;
    const r = pairAnalytics(yb, xb, 100, { to });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.end).toBe(yb[349]!.ts);
    expect(r.value.n).toBe(100);
  });

  it('log mode runs the regressions on ln(price)', () => {
    const r = pairAnalytics(yb, xb, W, { log: true });
    if (!r.ok) throw new Error(r.message);
    const b = ols(y.map(Math.log), x.map(Math.log));
    if (!b.ok) throw new Error(b.message);
    expectClose(r.value.ols?.beta, b.beta, 'beta');
    expectClose(r.value.ols?.alpha, b.alpha, 'alpha');
    // Statistics of the bars themselves stay in price units.
    expectClose(r.value.stats.AAA?.last, y[W - 1]!, 'last');
  });

  it('fails with the available count when the history is shorter than the window', () => {
    const r = pairAnalytics(yb.slice(0, 40), xb.slice(0, 40), 300);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.available).toBe(40);
    expect(r.message).toMatch(/only 40 aligned points/);
  });

  it('nulls the figures a constant leg makes undefined and says why', () => {
    const { y: dy, x: dx } = fx.degenerate.constant_x!;
    const r = pairAnalytics(
      bars(
        'AAA',
        dy.map((v) => v + 100),
      ),
      bars('BBB', dx),
      dy.length,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.ols).toBeNull();
    expect(r.value.coint).toBeNull();
    expect(r.value.correlation).toBeNull();
    expect(r.issues.ols?.reason).toBe('degenerate_input');
    expect(r.value.stats.AAA).not.toBeNull();
    expect(JSON.stringify(r.value)).not.toMatch(/NaN|Infinity/);
  });
});
