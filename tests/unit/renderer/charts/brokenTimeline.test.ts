import { describe, expect, it } from 'vitest';
import { Timeline } from '../../../../src/renderer/charts/timeline';
import { timeTicks, type TimeTick } from '../../../../src/renderer/charts/timeTicks';
import { resetZoom, zoomAt, zoomToRunAt } from '../../../../src/renderer/charts/zoomActions';

const MIN = 60_000;
const at = (iso: string) => Date.parse(`${iso}Z`);
// The two real recordings: 2024-07-18 23:57:02 → 07-19 00:05:02 and 08-08 23:54:16 → 08-09 00:00:00.
const A = [at('2024-07-18T23:57:02'), at('2024-07-19T00:05:03')] as const;
const B = [at('2024-08-08T23:54:16'), at('2024-08-09T00:00:00')] as const;
const HOLE = { start: A[1], end: B[0] };
const measure = (text: string) => text.length * 6.5;

function gapped(): Timeline {
  const t = new Timeline('test');
  t.setExtent(A[0], B[1], [HOLE]);
  return t;
}

describe('the shared timeline with a hole cut out', () => {
  it('shows both recordings side by side: the hole takes a few percent of the width, not 99.9 %', () => {
    const t = gapped();
    const segs = t.axis.segments(...t.visible(), 1000);
    expect(segs).toHaveLength(2);
    expect(segs[0].width).toBeGreaterThan(500);
    expect(segs[1].width).toBeGreaterThan(380);
    expect(segs[1].x - (segs[0].x + segs[0].width)).toBeLessThan(40);
    expect(t.visible()).toEqual([A[0], B[1]]);
  });

  it('wheel-zooms about the time under the cursor in either recording', () => {
    const t = gapped();
    const [a0, a1] = t.visibleAxis();
    const anchor = 0.8; // on the second recording
    const before = t.axis.fromAxis(a0 + anchor * (a1 - a0));
    expect(before).toBeGreaterThan(B[0]);
    for (let i = 0; i < 5; i++) zoomAt(t, 0.7, anchor);
    const [b0, b1] = t.visibleAxis();
    expect(t.axis.fromAxis(b0 + anchor * (b1 - b0))).toBeCloseTo(before, 3);
    // Five notches in, the view holds only the second recording.
    expect(t.visible()[0]).toBeGreaterThan(B[0]);
  });

  it('double-click shows the recording under the cursor whole; again, everything', () => {
    const t = gapped();
    zoomToRunAt(t, 0.1);
    expect(t.visible()[0]).toBeCloseTo(A[0], 3);
    expect(t.visible()[1]).toBeCloseTo(A[1], 3);
    zoomToRunAt(t, 0.5);
    expect([t.window.start, t.window.end]).toEqual([0, 100]);
    zoomToRunAt(t, 0.9);
    expect(t.visible()[0]).toBeCloseTo(B[0], 3);
    expect(t.visible()[1]).toBeCloseTo(B[1], 3);
    resetZoom(t);
    expect(t.visible()).toEqual([A[0], B[1]]);
  });

  it('keeps the visible times when live data extends the axis and a new hole appears', () => {
    const t = gapped();
    zoomToRunAt(t, 0.1);
    const later = at('2024-09-01T00:00:00');
    t.setExtent(A[0], later + 5 * MIN, [HOLE, { start: B[1], end: later }]);
    expect(t.axis.breaks).toHaveLength(2);
    expect(t.visible()[0]).toBeCloseTo(A[0], 3);
    expect(t.visible()[1]).toBeCloseTo(A[1], 3);
  });

  it('does not tell the panels to redraw when the same extent and holes come again', () => {
    const t = gapped();
    let redraws = 0;
    t.subscribe(() => redraws++);
    t.setExtent(A[0], B[1], [{ ...HOLE }]);
    expect(redraws).toBe(0);
    t.setExtent(A[0], B[1], []);
    expect(redraws).toBe(1);
  });
});

describe('time labels across a break', () => {
  const labels = (width: number): TimeTick[] => {
    const t = gapped();
    const segs = t.axis
      .segments(...t.visible(), width)
      .map((s) => ({ from: s.from, to: s.to, x0: s.x, x1: s.x + s.width }));
    return timeTicks(segs, measure, { minX: 0, maxX: width });
  };

  for (const width of [500, 1200, 1800]) {
    it(`${width} px: labels on both recordings, none overlapping, the one after the hole says its date`, () => {
      const ticks = labels(width);
      for (let i = 1; i < ticks.length; i++)
        expect(ticks[i - 1].x + ticks[i - 1].width / 2 + 16).toBeLessThanOrEqual(ticks[i].x - ticks[i].width / 2);
      const before = ticks.filter((x) => x.ts < HOLE.start);
      const after = ticks.filter((x) => x.ts >= HOLE.end);
      expect(before.length).toBeGreaterThan(0);
      expect(after.length).toBeGreaterThan(0);
      expect(after[0].text).toMatch(/^Aug 8 \d\d:\d\d/);
      expect(ticks.every((x) => x.ts <= HOLE.start || x.ts >= HOLE.end)).toBe(true);
    });
  }

  it("a label under the hole's mark gives way to it; the next one after the hole still says its date", () => {
    const t = gapped();
    const width = 1200;
    const segs = t.axis
      .segments(...t.visible(), width)
      .map((s) => ({ from: s.from, to: s.to, x0: s.x, x1: s.x + s.width }));
    const free = timeTicks(segs, measure, { minX: 0, maxX: width });
    const firstAfter = free.find((x) => x.ts >= HOLE.end)!;
    const mark = { x0: firstAfter.x - 5, x1: firstAfter.x + 5 };
    const ticks = timeTicks(segs, measure, { minX: 0, maxX: width, avoid: [mark] });
    expect(ticks.some((x) => x.x + x.width / 2 > mark.x0 && x.x - x.width / 2 < mark.x1)).toBe(false);
    const after = ticks.filter((x) => x.ts >= HOLE.end);
    expect(after.length).toBeGreaterThan(0);
    expect(after[0].ts).toBeGreaterThan(firstAfter.ts);
    expect(after[0].text).toMatch(/^Aug 8 \d\d:\d\d/);
  });
});
