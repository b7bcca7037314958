import { describe, expect, it } from 'vitest';
import { zHistogram } from '../../../src/renderer/lib/zHistogram';

describe('zHistogram', () => {
  it('bins z from −4 to 4, folds the tails into the end bins and skips undefined points', () => {
    const zs = [null, -9, -4, -0.1, 0, 0.25, 0.49, 0.5, 2.01, 3.99, 4, 12];
    const h = zHistogram(
      zs.map((z) => ({ z })),
      2,
    );
    expect(h.bins).toHaveLength(16);
    expect(h.bins[0]).toEqual([-4, -3.5]);
    expect(h.bins[15]).toEqual([3.5, 4]);
    expect(h.n).toBe(11);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(11);
    expect(h.counts[0]).toBe(2); // −9 and −4
    expect(h.counts[7]).toBe(1); // −0.1 in [−0.5, 0)
    expect(h.counts[8]).toBe(3); // 0, 0.25, 0.49 in [0, 0.5)
    expect(h.counts[9]).toBe(1); // 0.5
    expect(h.counts[12]).toBe(1); // 2.01 in [2, 2.5)
    expect(h.counts[15]).toBe(3); // 3.99, 4 and 12
    // |z| > 2: −9, −4, 2.01, 3.99, 4, 12
    expect(h.beyond).toBeCloseTo(6 / 11, 12);
    expect(h.last).toBe(12);
  });

  it('is empty before any z exists', () => {
    const h = zHistogram([{ z: null }], 2);
    expect([h.n, h.beyond, h.last, Math.max(...h.counts)]).toEqual([0, 0, null, 0]);
  });
});
