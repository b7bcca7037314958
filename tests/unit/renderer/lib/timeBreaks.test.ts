import { describe, expect, it } from 'vitest';
import {
  breakThresholdMs,
  findBreaks,
  formatSpan,
  gapsOfLegs,
  mergeBreaks,
  sameBreaks,
} from '../../../../src/renderer/lib/timeBreaks';

const S = 1000;
const MIN = 60 * S;
/** Bars of `tf` ms at every start in [from, to). */
const bars = (from: number, to: number, tf = S) =>
  Array.from({ length: Math.ceil((to - from) / tf) }, (_, i) => ({ ts: from + i * tf }));

describe('breaks in what the charts hold (the definition of src/core/analytics/breaks.ts)', () => {
  it('a silence is a break past max(10 × tf, 5 min): 5 min for 1 s bars, 10 bars of 1 h', () => {
    expect(breakThresholdMs(S)).toBe(5 * MIN);
    expect(breakThresholdMs(60 * MIN)).toBe(600 * MIN);
  });

  it('finds the hole between two recordings three weeks apart, from the end of the last bar to the next bar', () => {
    const first = bars(Date.UTC(2024, 6, 18, 23, 57), Date.UTC(2024, 6, 19, 0, 5));
    const second = bars(Date.UTC(2024, 7, 8, 23, 54), Date.UTC(2024, 7, 9));
    const y = [...first, ...second];
    const b = findBreaks([y, y], S);
    expect(b).toEqual([{ start: first[first.length - 1].ts + S, end: second[0].ts }]);
  });

  it('a silence of exactly the threshold is no break; one bar longer is', () => {
    const a = [{ ts: 0 }];
    // From the end of bar 0 (1 s) to the next bar: 5 min, then 5 min + 1 s.
    expect(findBreaks([[...a, { ts: S + 5 * MIN }]], S)).toEqual([]);
    expect(findBreaks([[...a, { ts: 2 * S + 5 * MIN }]], S)).toEqual([{ start: S, end: 2 * S + 5 * MIN }]);
  });

  it('a quiet spell of one leg is no break while the other trades (no bar on either leg)', () => {
    const y = [...bars(0, 60 * S), ...bars(20 * MIN, 21 * MIN)];
    const x = bars(0, 21 * MIN, 30 * S);
    expect(findBreaks([y, x], S)).toEqual([]);
    expect(findBreaks([y], S)).toEqual([{ start: 60 * S, end: 20 * MIN }]);
  });

  it('an unfilled gap splits at the bar where trades resume, even inside one bar; overlapping breaks join', () => {
    const y = bars(0, 30 * MIN, MIN);
    expect(findBreaks([y], MIN, [{ from: 5 * MIN + 10 * S, to: 9 * MIN + 3 * S }])).toEqual([
      { start: 6 * MIN, end: 9 * MIN },
    ]);
    expect(findBreaks([y], MIN, [{ from: 5 * MIN + 10 * S, to: 5 * MIN + 50 * S }])).toEqual([
      { start: 5 * MIN, end: 5 * MIN },
    ]);
    expect(
      mergeBreaks([
        { start: 50, end: 90 },
        { start: 10, end: 20 },
        { start: 15, end: 60 },
      ]),
    ).toEqual([{ start: 10, end: 90 }]);
  });

  it('rejects a bar span that is not positive', () => {
    expect(() => findBreaks([[{ ts: 0 }]], 0)).toThrow(/must be > 0/);
  });

  it('takes the status gap only for a leg on screen, with the detection time standing in for an unknown end', () => {
    const g = { symbol: 'BTCUSDT', from: 1000, to: null };
    expect(gapsOfLegs(g, ['BTCUSDT', 'ETHUSDT'])).toEqual([{ from: 1000, to: 1000 }]);
    expect(gapsOfLegs(g, ['SOLUSDT', null])).toEqual([]);
    expect(gapsOfLegs(null, ['BTCUSDT'])).toEqual([]);
  });

  it('compares lists and says a hole length the way a person reads it', () => {
    expect(sameBreaks([{ start: 1, end: 2 }], [{ start: 1, end: 2 }])).toBe(true);
    expect(sameBreaks([{ start: 1, end: 2 }], [{ start: 1, end: 3 }])).toBe(false);
    expect(formatSpan(Date.UTC(2024, 7, 8, 23, 54, 16) - Date.UTC(2024, 6, 19, 0, 5, 3))).toBe('20 d 23 h');
    expect(formatSpan(3 * 3600 * S + 5 * MIN)).toBe('3 h 5 min');
    expect(formatSpan(7 * MIN)).toBe('7 min');
    expect(formatSpan(45 * S)).toBe('45 s');
  });
});
