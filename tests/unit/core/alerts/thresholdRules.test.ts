import { describe, expect, it } from 'vitest';
import { AlertEvaluator, type AlertFire } from '../../../../src/core/alerts';
import { barsFrom, crossings, rule, wave } from './helpers';

const base = { id: 'r', name: 'r', kind: 'price', symbol: 'BTCUSDT', tf: '1m' } as const;

function runAll(ev: AlertEvaluator, bars: ReturnType<typeof barsFrom>): AlertFire[] {
  return bars.flatMap((b) => ev.onBars([b]));
}

describe('price rules on a synthetic wave with known crossings', () => {
  const closes = wave(400, 100, 5, 50);
  const bars = barsFrom(closes);

  it('crosses (no hysteresis, no cooldown) fires exactly at the brute-force crossings', () => {
    const ev = new AlertEvaluator([rule({ ...base, op: 'crosses', level: 102 })]);
    const fires = runAll(ev, bars);
    const expected = crossings(closes, 102);
    expect(expected.length).toBeGreaterThan(10);
    expect(fires.map((f) => f.ts)).toEqual(expected.map((c) => bars[c.i]!.ts));
    expect(fires.map((f) => f.message.includes('crossed above'))).toEqual(expected.map((c) => c.dir === 'up'));
    expect(fires.every((f) => f.threshold === 102 && f.symbol === 'BTCUSDT')).toBe(true);
  });

  it('above fires on the first bar already above, then once per excursion', () => {
    const ev = new AlertEvaluator([rule({ ...base, op: 'above', level: 99 })]);
    const fires = runAll(ev, bars);
    const expectedIdx = [
      0,
      ...crossings(closes, 99)
        .filter((c) => c.dir === 'up')
        .map((c) => c.i),
    ];
    expect(closes[0]! > 99).toBe(true);
    expect(fires.map((f) => f.ts)).toEqual(expectedIdx.map((i) => bars[i]!.ts));
  });

  it('below fires when the value goes under the level', () => {
    const ev = new AlertEvaluator([rule({ ...base, op: 'below', level: 97 })]);
    const fires = runAll(ev, bars);
    const expected = crossings(closes, 97).filter((c) => c.dir === 'down');
    expect(fires.map((f) => f.ts)).toEqual(expected.map((c) => bars[c.i]!.ts));
  });

  it('hysteresis: a value chattering around the level fires once until it comes back by the margin', () => {
    const chatter = [99, 101, 99.5, 100.5, 99.8, 100.2, 98.9, 101, 99, 102];
    const b = barsFrom(chatter);
    const none = runAll(new AlertEvaluator([rule({ ...base, op: 'above', level: 100 })]), b);
    expect(none.map((f) => f.value)).toEqual([101, 100.5, 100.2, 101, 102]);
    const h = runAll(new AlertEvaluator([rule({ ...base, op: 'above', level: 100, hysteresis: 1 })]), b);
    // Re-armed only at 98.9 (<= 99): the 101 after it fires; 99 re-arms again before 102.
    expect(h.map((f) => f.value)).toEqual([101, 101, 102]);
  });

  it('cooldown swallows firings within cooldownMs of the last one (data time)', () => {
    const ev = new AlertEvaluator([rule({ ...base, op: 'crosses', level: 102, cooldownMs: 30 * 60_000 })]);
    const fires = runAll(ev, bars);
    const all = crossings(closes, 102).map((c) => bars[c.i]!.ts);
    // Independent greedy scan over the brute-force crossings.
    const expected: number[] = [];
    for (const t of all)
      if (expected.length === 0 || t - expected[expected.length - 1]! >= 30 * 60_000) expected.push(t);
    expect(fires.map((f) => f.ts)).toEqual(expected);
    expect(expected.length).toBeLessThan(all.length);
  });
});

describe('no doubled or missed firing across re-delivery, refills and replaced bars', () => {
  it('a re-delivered bar does not fire again, an older (refilled) bar is ignored', () => {
    const ev = new AlertEvaluator([rule({ ...base, op: 'crosses', level: 100 })]);
    const b = barsFrom([99, 101, 102, 99]);
    expect(ev.onBars([b[0]!, b[1]!])).toHaveLength(1);
    expect(ev.onBars([b[1]!])).toHaveLength(0); // same bar again (reconnect overlap)
    expect(ev.onBars([b[0]!, b[1]!])).toHaveLength(0); // refill of the past
    expect(ev.onBars([b[2]!, b[3]!]).map((f) => f.ts)).toEqual([b[3]!.ts]);
  });

  it('the forming bar fires once even if its close goes back and forth', () => {
    const ev = new AlertEvaluator([rule({ ...base, op: 'crosses', level: 100 })]);
    const [first, forming] = barsFrom([99, 0]);
    ev.onBars([first!]);
    const updates = [100.5, 99.5, 100.7, 99.2, 101].map((close) => ({ ...forming!, close }));
    const fires = updates.flatMap((u) => ev.onBars([u]));
    expect(fires).toHaveLength(1);
    expect(fires[0]).toMatchObject({ ts: forming!.ts, value: 100.5 });
  });

  it('a refill delivering the missed bars in one batch fires for the crossing inside it', () => {
    const closes = [99, 99.5, 101, 101.5, 98, 97];
    const b = barsFrom(closes);
    const ev = new AlertEvaluator([rule({ ...base, op: 'crosses', level: 100 })]);
    ev.onBars([b[0]!]);
    // Outage, then the refill arrives out of order in one batch.
    const fires = ev.onBars([b[4]!, b[2]!, b[5]!, b[1]!, b[3]!]);
    expect(fires.map((f) => f.ts)).toEqual([b[2]!.ts, b[4]!.ts]);
  });

  it('state carried to a new evaluator (a restart) keeps the guarantee', () => {
    const r = rule({ ...base, op: 'above', level: 100 });
    const b = barsFrom([101, 101.5, 99, 102]);
    const ev1 = new AlertEvaluator([r]);
    expect(ev1.onBars([b[0]!])).toHaveLength(1);
    const saved = new Map(JSON.parse(JSON.stringify([...ev1.takeDirty()])));
    const ev2 = new AlertEvaluator([r], saved as Map<string, never>);
    expect(ev2.onBars([b[0]!, b[1]!])).toHaveLength(0);
    expect(ev2.onBars([b[2]!, b[3]!]).map((f) => f.ts)).toEqual([b[3]!.ts]);
  });

  it('disabled rules are not evaluated', () => {
    const ev = new AlertEvaluator([rule({ ...base, op: 'above', level: 1, enabled: false })]);
    expect(ev.onBars(barsFrom([5, 6]))).toEqual([]);
  });
});

describe('%-change rules', () => {
  it('compares with the close in force lookback bars earlier (missing bars carried forward)', () => {
    const ev = new AlertEvaluator([
      rule({ id: 'c', name: 'c', kind: 'change', symbol: 'BTCUSDT', tf: '1m', lookback: 3, op: 'above', level: 5 }),
    ]);
    const b = barsFrom([100, 101, 102, 103, 104, 106, 110]);
    // Drop bar 2 (no trades in that minute): bar 5 then compares with bar 1's close (carried).
    const fires = ev.onBars([b[0]!, b[1]!, b[3]!, b[4]!, b[5]!, b[6]!]);
    // bar3: 103/100 = 3%; bar4: 104/101 = 2.97%; bar5: 106/101 = 4.95%; bar6: 110/103 = 6.8% -> fires
    expect(fires).toHaveLength(1);
    expect(fires[0]!.ts).toBe(b[6]!.ts);
    expect(fires[0]!.value).toBeCloseTo((110 / 103 - 1) * 100, 10);
  });

  it('needs the lookback filled (warm-up via seedBars)', () => {
    const r = rule({
      id: 'c',
      name: 'c',
      kind: 'change',
      symbol: 'BTCUSDT',
      tf: '1m',
      lookback: 2,
      op: 'below',
      level: -1,
    });
    const b = barsFrom([100, 100, 98]);
    expect(new AlertEvaluator([r]).onBars([b[2]!])).toHaveLength(0);
    const warm = new AlertEvaluator([r]);
    warm.seedBars([b[0]!, b[1]!]);
    expect(warm.onBars([b[2]!])).toHaveLength(1);
  });
});

describe('pair rules', () => {
  const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 60 } as const;
  const zs = wave(300, 0, 3, 40);
  const points = zs.map((z, i) => ({ ts: i * 60_000, z, spread: z * 10, correlation: 0.9 - Math.abs(z) / 10 }));

  it('z crosses ±k fires at every brute-force crossing of +k and of -k', () => {
    const ev = new AlertEvaluator([rule({ id: 'z', name: 'z', kind: 'zscore', pair, op: 'crosses', k: 2 })]);
    const fires = ev.onPairPoints(pair, points);
    const expected = [
      ...crossings(zs, 2).map((c) => ({ ...c, level: 2 })),
      ...crossings(zs, -2).map((c) => ({ ...c, level: -2 })),
    ].sort((a, b) => a.i - b.i);
    expect(fires.map((f) => [f.ts, f.threshold])).toEqual(expected.map((c) => [points[c.i]!.ts, c.level]));
  });

  it('z above +k and below -k; other pairs and null points are ignored', () => {
    const ev = new AlertEvaluator([
      rule({ id: 'up', name: 'up', kind: 'zscore', pair, op: 'above', k: 2 }),
      rule({ id: 'dn', name: 'dn', kind: 'zscore', pair, op: 'below', k: 2 }),
    ]);
    expect(ev.onPairPoints({ ...pair, window: 61 }, points)).toEqual([]);
    expect(ev.onPairPoints(pair, [{ ts: -1, z: null, spread: null, correlation: null }])).toEqual([]);
    const fires = ev.onPairPoints(pair, points);
    const ups = fires.filter((f) => f.rule.id === 'up').map((f) => f.ts);
    const dns = fires.filter((f) => f.rule.id === 'dn').map((f) => f.ts);
    expect(ups).toEqual(
      crossings(zs, 2)
        .filter((c) => c.dir === 'up')
        .map((c) => points[c.i]!.ts),
    );
    expect(dns).toEqual(
      crossings(zs, -2)
        .filter((c) => c.dir === 'down')
        .map((c) => points[c.i]!.ts),
    );
    expect(fires[0]!.pair).toEqual(pair);
  });

  it('spread level, correlation falling below, ADF p-value crossing', () => {
    const ev = new AlertEvaluator([
      rule({ id: 's', name: 's', kind: 'spread', pair, op: 'above', level: 25 }),
      rule({ id: 'c', name: 'c', kind: 'correlation', pair, level: 0.65 }),
      rule({ id: 'a', name: 'a', kind: 'adf', pair, op: 'crosses', level: 0.05 }),
    ]);
    const fires = ev.onPairPoints(pair, points);
    const spreads = points.map((p) => p.spread);
    const corrs = points.map((p) => p.correlation);
    expect(fires.filter((f) => f.rule.id === 's').map((f) => f.ts)).toEqual(
      crossings(spreads, 25)
        .filter((c) => c.dir === 'up')
        .map((c) => points[c.i]!.ts),
    );
    expect(fires.filter((f) => f.rule.id === 'c').map((f) => f.ts)).toEqual(
      crossings(corrs, 0.65)
        .filter((c) => c.dir === 'down')
        .map((c) => points[c.i]!.ts),
    );
    const pv = [0.2, 0.1, 0.04, 0.03, 0.06, 0.01];
    const adf = pv.flatMap((p, i) => ev.onAdf(pair, i * 1000, p));
    expect(adf.map((f) => f.ts)).toEqual([2000, 4000, 5000]);
    expect(adf[0]!.message).toContain('ADF p-value crossed below 0.05');
  });
});
