import { describe, expect, it } from 'vitest';
import { sparkPath } from '../../../../src/renderer/lib/watchlist/sparkline';

describe('sparkPath', () => {
  it('scales symmetric about z = 0 to at least ±2, x spread over the width', () => {
    // 0 sits mid-height, +2 at the top, −2 at the bottom of a 60 × 20 box.
    expect(sparkPath([0, 2, -2], 60, 20)).toBe('M0 10L30 0L60 20');
  });

  it('widens the range to the largest |z| so the line stays inside the box', () => {
    expect(sparkPath([4, -4], 10, 20)).toBe('M0 0L10 20');
    expect(sparkPath([4, 0], 10, 20)).toBe('M0 0L10 10');
  });

  it('breaks the line at undefined values and draws a lone point as a short dash', () => {
    // Points at x = 0, 10, 20, 30, 40: a run, a gap, a lone point.
    expect(sparkPath([1, 1, null, -1, null], 40, 20)).toBe('M0 5L10 5M30 15L35 15');
    expect(sparkPath([Number.NaN, 0], 10, 20)).toBe('M10 10L5 10');
  });

  it('draws nothing without a defined value, and refuses a box without area', () => {
    expect(sparkPath([], 60, 20)).toBe('');
    expect(sparkPath([null, null], 60, 20)).toBe('');
    expect(() => sparkPath([1], 0, 20)).toThrow(/width and height must be positive/);
  });
});
