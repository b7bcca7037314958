import { describe, expect, it } from 'vitest';
import { adfuller } from '../../../../src/core/analytics/adf';
import { coint } from '../../../../src/core/analytics/coint';
import { logReturnCorrelation } from '../../../../src/core/analytics/correlation';
import { halfLife } from '../../../../src/core/analytics/halfLife';
import { kalmanHedge } from '../../../../src/core/analytics/kalman';
import { ols } from '../../../../src/core/analytics/ols';
import { huber, theilSen, THEIL_SEN_MAX_POINTS } from '../../../../src/core/analytics/robust';
import { spreadSummary } from '../../../../src/core/analytics/spread';
import type { Failure } from '../../../../src/core/analytics/types';
import { loadFixture } from './fixtures';

interface DegenerateFixture {
  degenerate: Record<'constant_x' | 'constant_both' | 'short', { y: number[]; x: number[] }>;
}
const { degenerate: d } = loadFixture<DegenerateFixture>('synthetic.json');

function expectFailure(r: { ok: boolean }, reason: Failure['reason']): void {
  expect(r.ok).toBe(false);
  const f = r as Failure;
  expect(f.reason).toBe(reason);
  expect(f.message.length).toBeGreaterThan(0);
}

describe('edge cases return a reason, never NaN', () => {
  it('constant x: no hedge ratio, no cointegration, no robust line', () => {
    const { y, x } = d.constant_x;
    expectFailure(ols(y, x), 'degenerate_input');
    expectFailure(coint(y, x), 'degenerate_input');
    expectFailure(theilSen(y, x), 'degenerate_input');
    expectFailure(huber(y, x), 'degenerate_input');
    expectFailure(logReturnCorrelation(y, x), 'degenerate_input');
  });

  it('constant series: no ADF, no z-score, no half-life', () => {
    const { y } = d.constant_both;
    expectFailure(adfuller(y), 'degenerate_input');
    expectFailure(spreadSummary(y), 'degenerate_input');
    expectFailure(halfLife(y), 'degenerate_input');
  });

  it('too few points', () => {
    const { y, x } = d.short;
    expectFailure(ols(y, x), 'not_enough_data');
    expectFailure(adfuller(y), 'not_enough_data');
    expectFailure(coint(y, x), 'not_enough_data');
    expectFailure(halfLife(y), 'not_enough_data');
    expectFailure(logReturnCorrelation(y, x), 'not_enough_data');
    expectFailure(huber(y, x), 'not_enough_data');
    expectFailure(kalmanHedge([], []), 'not_enough_data');
  });

  it('perfectly collinear legs: coint refuses like statsmodels’ −inf case', () => {
    const x = Array.from({ length: 200 }, (_, i) => 100 + Math.sin(i / 7) * 10 + i * 0.01);
    const y = x.map((v) => 3 * v + 2);
    expectFailure(coint(y, x), 'degenerate_input');
  });

  it('non-finite input is refused at the edge', () => {
    const y = [1, 2, Number.NaN, 4, 5, 6, 7, 8, 9, 10];
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expectFailure(ols(y, x), 'degenerate_input');
    expectFailure(adfuller(y), 'degenerate_input');
  });

  it('Theil–Sen says when a window is too large for the exact pairwise median', () => {
    const n = THEIL_SEN_MAX_POINTS + 1;
    const x = Array.from({ length: n }, (_, i) => i);
    expectFailure(theilSen(x, x), 'too_large');
  });
});
