import { describe, expect, it } from 'vitest';
import { Timeline } from '../../../src/renderer/charts/timeline';

describe('the crosshair time on the shared timeline', () => {
  it('follows the hovered chart; only the chart that set it clears it (linked charts echo and hide theirs)', () => {
    const t = new Timeline('test');
    const seen: (number | null)[] = [];
    t.subscribePointer((ts) => seen.push(ts));
    t.setPointer(1_000, 'candles');
    t.setPointer(1_000, 'zscore'); // the linked chart echoes the same time: no news
    t.setPointer(null, 'zscore'); // a linked chart hiding its own pointer does not clear it
    expect(t.pointer).toBe(1_000);
    t.setPointer(2_000, 'zscore'); // the mouse moved onto the z-score chart
    t.setPointer(null, 'candles');
    expect(t.pointer).toBe(2_000);
    t.setPointer(null, 'zscore');
    expect(t.pointer).toBeNull();
    expect(seen).toEqual([1_000, 2_000, null]);
  });

  it('moving the crosshair is not a zoom: the panels are not told to redraw', () => {
    const t = new Timeline('test');
    t.setExtent(0, 10_000);
    let redraws = 0;
    t.subscribe(() => redraws++);
    t.setPointer(5_000, 'candles');
    t.setPointer(null, 'candles');
    expect(redraws).toBe(0);
  });
});
