import { describe, expect, it } from 'vitest';
import {
  formatHalfLife,
  formatZ,
  pairShortName,
  watchReasonsText,
  watchStateLabel,
  zTone,
} from '../../../../src/renderer/lib/watchlist/watchLabels';
import { row } from './fixtures';

describe('watch row labels', () => {
  it('says each state as a person reads it, warming with how far it is', () => {
    expect(watchStateLabel(row({ state: 'warming', points: 120 })).text).toBe('warming 120/300');
    expect(watchStateLabel(row({ state: 'live' })).text).toBe('live');
    expect(watchStateLabel(row({ state: 'stale' })).text).toBe('stale');
    const gap = watchStateLabel(row({ state: 'broken', points: 4 }));
    expect(gap.text).toBe('gap');
    expect(gap.title).toContain('4/300 points since');
  });

  it('lists the reasons in a fixed order whatever order the engine sends', () => {
    expect(watchReasonsText(['watchlist', 'screen', 'alert'])).toBe('on screen · alert rule · watchlist');
    expect(watchReasonsText(['alert'])).toBe('alert rule');
  });

  it('colours z by its distance from the mean against k', () => {
    expect([zTone(2.5, 2), zTone(-2, 2), zTone(1.2, 2), zTone(-0.3, 2), zTone(null, 2), zTone(Number.NaN, 2)]).toEqual([
      'hot',
      'hot',
      'warm',
      'calm',
      'none',
      'none',
    ]);
  });

  it('shortens a pair of one quote asset, keeps mixed quotes whole', () => {
    expect(pairShortName('BTCUSDT', 'ETHUSDT')).toBe('BTC/ETH');
    expect(pairShortName('BTCUSDT', 'ETHUSDC')).toBe('BTCUSDT/ETHUSDC');
    expect(pairShortName('DEMOA', 'DEMOB')).toBe('DEMOA/DEMOB');
  });

  it('formats half-life and z', () => {
    expect(formatHalfLife(12.34, true)).toBe('12.3');
    expect(formatHalfLife(1234.5, true)).toBe('1235');
    expect(formatHalfLife(null, true)).toBe('∞');
    expect(formatHalfLife(null, false)).toBe('—');
    expect(formatZ(-0.8412)).toBe('-0.841');
    expect(formatZ(null)).toBe('—');
  });
});
