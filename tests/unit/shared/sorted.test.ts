import { describe, expect, it } from 'vitest';
import { pairKey, samePair } from '../../../src/shared/contract/analytics';
import { lowerBound, lowerBoundBy, mergeByTs } from '../../../src/shared/sorted';

describe('sorted helpers', () => {
  it('lowerBound finds the first index at or above the value', () => {
    const a = [1, 3, 3, 7];
    expect([0, 1, 3, 4, 8].map((v) => lowerBound(a, v))).toEqual([0, 0, 1, 3, 4]);
    expect(lowerBoundBy([{ ts: 5 }, { ts: 9 }], 6, (p) => p.ts)).toBe(1);
  });

  it('mergeByTs replaces newer versions, inserts late points and keeps the array when nothing changes', () => {
    const cur = [
      { ts: 1, v: 'a' },
      { ts: 3, v: 'b' },
    ];
    expect(mergeByTs(cur, [])).toBe(cur);
    expect(
      mergeByTs(cur, [
        { ts: 2, v: 'late' },
        { ts: 3, v: 'b2' },
        { ts: 4, v: 'c' },
      ]),
    ).toEqual([
      { ts: 1, v: 'a' },
      { ts: 2, v: 'late' },
      { ts: 3, v: 'b2' },
      { ts: 4, v: 'c' },
    ]);
  });

  it('pairKey tells pairs apart by every field of the spec', () => {
    const p = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s' as const, window: 300 };
    expect(samePair(p, { ...p })).toBe(true);
    expect(pairKey(p)).not.toBe(pairKey({ ...p, window: 301 }));
    expect(pairKey(p)).not.toBe(pairKey({ ...p, y: 'ETHUSDT', x: 'BTCUSDT' }));
  });
});
