import { describe, expect, it } from 'vitest';
import { unfilledGapsNote } from '../../../src/renderer/lib/gapStatus';

describe('status bar: unfilled gaps', () => {
  it('says nothing when there are none (or the engine does not report them)', () => {
    expect(unfilledGapsNote(undefined)).toBeNull();
    expect(unfilledGapsNote({ count: 0, latest: null })).toBeNull();
  });

  it('counts them and names the latest in the tooltip', () => {
    const note = unfilledGapsNote({
      count: 2,
      latest: {
        symbol: 'ETHUSDT',
        from: 1_723_161_256_900,
        to: 1_723_161_316_000,
        firstMissingId: 110,
        lastMissingId: 149,
      },
    });
    expect(note?.text).toBe('2 unfilled gaps');
    expect(note?.title).toBe(
      'Latest: ETHUSDT ids 110–149 missing, 08-08 23:54:16 UTC → 08-08 23:55:16 UTC. Charts, analytics and alerts restart after each gap; tickscope gaps lists them.',
    );
    expect(
      unfilledGapsNote({
        count: 1,
        latest: { symbol: 'SOLUSDT', from: null, to: null, firstMissingId: 8, lastMissingId: 8 },
      }),
    ).toEqual({
      text: '1 unfilled gap',
      title:
        'Latest: SOLUSDT id 8 missing, ? → ?. Charts, analytics and alerts restart after each gap; tickscope gaps lists them.',
    });
  });
});
