import { describe, expect, it } from 'vitest';
import { AlertEvaluator, replayAlerts } from '../../../../src/core/alerts';
import { rule } from './helpers';

const stale = rule({ id: 'st', name: 'stale', kind: 'stale', symbol: 'BTCUSDT', seconds: 10 });
const gap = rule({ id: 'gp', name: 'gap', kind: 'gap', symbol: 'BTCUSDT', seconds: 5 });

describe('stale feed rule (injected clock via samples)', () => {
  it('fires once when no trade for N s, re-arms on the next trade', () => {
    const ev = new AlertEvaluator([stale]);
    const at = (now: number, lastTickTs: number) => ev.onHealth('BTCUSDT', { now, lastTickTs, unfilledGaps: 0 });
    expect(at(1_000, 1_000)).toEqual([]);
    expect(at(10_999, 1_000)).toEqual([]);
    const f = at(11_000, 1_000);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ ts: 11_000, value: 10, threshold: 10, symbol: 'BTCUSDT' });
    expect(at(30_000, 1_000)).toEqual([]); // still stale: no storm
    expect(at(31_000, 31_000)).toEqual([]); // fresh again: re-armed
    expect(at(41_000, 31_000)).toHaveLength(1);
    expect(ev.onHealth('ETHUSDT', { now: 99_000, lastTickTs: 0, unfilledGaps: 0 })).toEqual([]);
  });

  it('replay fires at each tick gap longer than N s, at last tick + N s (brute force)', () => {
    const ticks = [0, 500, 3_000, 14_000, 14_100, 30_000, 40_000, 40_001, 55_000];
    const fires = replayAlerts([stale], { bars: () => [], tickTimes: () => ticks });
    const expected: number[] = [];
    for (let i = 1; i < ticks.length; i++)
      if (ticks[i]! - ticks[i - 1]! > 10_000) expected.push(ticks[i - 1]! + 10_000);
    expect(fires.map((f) => f.ts)).toEqual(expected);
    // With --to past the data, a feed that stopped is reported stale too.
    const tail = replayAlerts([stale], { bars: () => [], tickTimes: () => ticks }, { to: 70_000 });
    expect(tail.map((f) => f.ts)).toEqual([...expected, 65_000]);
  });
});

describe('unfilled gap rule', () => {
  it('fires when gaps stay unfilled N s, not for gaps refilled quickly, re-arms when all are filled', () => {
    const ev = new AlertEvaluator([gap]);
    const at = (now: number, unfilledGaps: number) => ev.onHealth('BTCUSDT', { now, lastTickTs: now, unfilledGaps });
    expect(at(0, 1)).toEqual([]);
    expect(at(2_000, 0)).toEqual([]); // refilled within 5 s: nothing
    expect(at(10_000, 1)).toEqual([]);
    expect(at(15_000, 2)).toHaveLength(1);
    expect(at(20_000, 1)).toEqual([]);
    expect(at(21_000, 0)).toEqual([]);
    expect(at(22_000, 1)).toEqual([]);
    expect(at(27_000, 1)).toHaveLength(1);
  });

  it('replays the recorded gaps', () => {
    const gaps = [
      { detectedAt: 1_000, filledAt: 3_000 }, // filled within 5 s
      { detectedAt: 10_000, filledAt: 30_000 }, // fires at 15 s
      { detectedAt: 12_000, filledAt: 13_000 },
      { detectedAt: 40_000, filledAt: null }, // never filled: fires at 45 s
    ];
    const fires = replayAlerts([gap], { bars: () => [], gaps: () => gaps });
    expect(fires.map((f) => f.ts)).toEqual([15_000, 45_000]);
    expect(replayAlerts([gap], { bars: () => [], gaps: () => gaps }, { to: 44_000 }).map((f) => f.ts)).toEqual([
      15_000,
    ]);
  });
});

describe('cooldown on health rules', () => {
  it('a stale episode starting inside the cooldown is swallowed, not deferred', () => {
    const r = rule({ id: 'st', name: 'stale', kind: 'stale', symbol: 'BTCUSDT', seconds: 10, cooldownMs: 60_000 });
    const ticks = [0, 20_000, 40_000, 100_000, 120_000];
    const fires = replayAlerts([r], { bars: () => [], tickTimes: () => ticks });
    // Stale at 10 s (fires), 30 s and 50 s (inside 60 s of the firing: swallowed), 110 s.
    expect(fires.map((f) => f.ts)).toEqual([10_000, 110_000]);
  });
});
