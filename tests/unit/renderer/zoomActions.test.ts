import { describe, expect, it } from 'vitest';
import { Timeline } from '../../../src/renderer/charts/timeline';
import { panBy, resetZoom, zoomAt, zoomBy } from '../../../src/renderer/charts/zoomActions';

function timeline(start = 0, end = 100): Timeline {
  const t = new Timeline('test');
  t.setExtent(0, 1000);
  t.setZoom(start, end);
  return t;
}

describe('zoom actions on the shared timeline', () => {
  it('zooms about the anchor: the time under the cursor stays where it is on screen', () => {
    const t = timeline(20, 60);
    const underCursor = () => {
      const [from, to] = t.visible();
      return from + 0.25 * (to - from);
    };
    const before = underCursor();
    zoomAt(t, 0.5, 0.25);
    expect(t.window.end - t.window.start).toBeCloseTo(20, 9);
    expect(underCursor()).toBeCloseTo(before, 9);
    zoomAt(t, 3, 0.25);
    expect(t.window.end - t.window.start).toBeCloseTo(60, 9);
    expect(underCursor()).toBeCloseTo(before, 9);
  });

  it('never leaves the loaded extent, nor zooms out past all of it or in past the narrowest view', () => {
    const t = timeline(0, 50);
    zoomAt(t, 10, 0);
    expect([t.window.start, t.window.end]).toEqual([0, 100]);
    zoomAt(t, 1e-9, 0.5);
    expect(t.window.end - t.window.start).toBeCloseTo(0.01, 9);
    panBy(t, -1e6);
    expect(t.window.start).toBe(0);
    panBy(t, 1e6);
    expect(t.window.end).toBeCloseTo(100, 9);
  });

  it('keyboard zoom keeps the right edge while the view follows live data, else the middle', () => {
    const t = timeline(0, 100);
    zoomBy(t, 0.5);
    expect([t.window.start, t.window.end]).toEqual([50, 100]);
    panBy(t, -0.5);
    expect([t.window.start, t.window.end]).toEqual([25, 75]);
    zoomBy(t, 0.5);
    expect(t.window.start).toBeCloseTo(37.5, 9);
    expect(t.window.end).toBeCloseTo(62.5, 9);
    resetZoom(t);
    expect([t.window.start, t.window.end]).toEqual([0, 100]);
  });
});
