import { describe, expect, it } from 'vitest';
import { BrokenAxis } from '../../../../src/renderer/lib/brokenAxis';

const DAY = 86_400_000;
const MIN = 60_000;
// Two recordings of 10 min, three weeks apart.
const A = [0, 10 * MIN] as const;
const B = [21 * DAY, 21 * DAY + 10 * MIN] as const;
const axis = () => new BrokenAxis(A[0], B[1], [{ start: A[1], end: B[0] }]);

describe('the time axis with its holes cut out', () => {
  it('is plain time without breaks', () => {
    const a = new BrokenAxis(1000, 5000);
    expect([a.toAxis(1234), a.fromAxis(1234), a.axisMax]).toEqual([1234, 1234, 5000]);
    expect(a.runs()).toEqual([{ lo: 1000, hi: 5000 }]);
  });

  it('gives each recording its share of the data time and the hole a small gap (3 % of the data)', () => {
    const a = axis();
    expect(a.breaks[0].gap).toBeCloseTo(0.03 * 20 * MIN, 6);
    expect(a.axisMax - a.axisMin).toBeCloseTo(20 * MIN * 1.03, 6);
    const segs = a.segments(A[0], B[1], 1030);
    expect(segs.map((s) => [s.from, s.to])).toEqual([
      [A[0], A[1]],
      [B[0], B[1]],
    ]);
    expect(segs[0].width).toBeCloseTo(500, 6);
    expect(segs[1].x).toBeCloseTo(530, 6);
    expect(segs[1].width).toBeCloseTo(500, 6);
  });

  it('maps time to axis units and back, in runs and inside the hole (as ECharts maps its breaks)', () => {
    const a = axis();
    for (const ts of [0, 5 * MIN, A[1], 3 * DAY, B[0], B[0] + MIN, B[1]])
      expect(a.fromAxis(a.toAxis(ts))).toBeCloseTo(ts, 3);
    // The hole's middle is the gap's middle.
    expect(a.toAxis((A[1] + B[0]) / 2)).toBeCloseTo(A[1] + a.breaks[0].gap / 2, 6);
    expect(a.toAxis(B[0] + MIN) - a.toAxis(B[0])).toBeCloseTo(MIN, 6);
    expect(a.breakAt(3 * DAY)).toBe(a.breaks[0]);
    expect(a.breakAt(B[0])).toBeNull();
  });

  it('finds the run under a time; in the hole, the nearer one on screen', () => {
    const a = axis();
    expect(a.runAt(MIN)).toEqual({ lo: A[0], hi: A[1] });
    expect(a.runAt(B[0] + MIN)).toEqual({ lo: B[0], hi: B[1] });
    expect(a.runAt(A[1] + DAY)).toEqual({ lo: A[0], hi: A[1] });
    expect(a.runAt(B[0] - DAY)).toEqual({ lo: B[0], hi: B[1] });
  });

  it('cuts a view that starts in the hole to the data after it', () => {
    const segs = axis().segments(3 * DAY, B[0] + 5 * MIN, 200);
    expect(segs).toHaveLength(1);
    expect(segs[0]).toMatchObject({ from: B[0], to: B[0] + 5 * MIN, lo: B[0], hi: B[1] });
    expect(segs[0].x + segs[0].width).toBeCloseTo(200, 6);
  });

  it('keeps many breaks to a quarter of the width together, and ignores those outside the extent', () => {
    // 21 runs of a minute, each followed by a day without data but the last.
    const holes = Array.from({ length: 20 }, (_, i) => ({ start: i * (MIN + DAY) + MIN, end: (i + 1) * (MIN + DAY) }));
    const a = new BrokenAxis(0, 20 * (MIN + DAY) + MIN, [...holes, { start: -5, end: -1 }]);
    expect(a.breaks).toHaveLength(20);
    const data = 21 * MIN;
    expect(a.breaks.reduce((s, b) => s + b.gap, 0)).toBeCloseTo(0.25 * data, 6);
  });

  it('joins overlapping breaks it is given', () => {
    const a = new BrokenAxis(0, 10 * DAY, [
      { start: DAY, end: 3 * DAY },
      { start: 2 * DAY, end: 4 * DAY },
    ]);
    expect(a.breaks.map((b) => [b.start, b.end])).toEqual([[DAY, 4 * DAY]]);
  });

  it('rejects an empty extent', () => {
    expect(() => new BrokenAxis(5, 1)).toThrow(/empty/);
  });
});
