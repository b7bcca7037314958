import { describe, expect, it } from 'vitest';
import { alignPair, BreakIndex, pairAnalytics } from '../../../../src/core/analytics/index';
import { LivePair } from '../../../../src/core/analytics/live/livePair';
import { rollingSeriesPoints, seriesFromStore } from '../../../../src/engine/analytics/series';
import { mergePoints } from '../../../../src/engine/analytics/service';
import { snapshotFromStore } from '../../../../src/engine/analytics/snapshot';
import { createWorkerCore } from '../../../../src/engine/analytics/workerCore';
import { createIngestor } from '../../../../src/engine/ingest/ingestor';
import { openStore, type SqliteTickStore } from '../../../../src/engine/store/sqliteStore';
import { pairKey, type PairSpec, type RollingPoint } from '../../../../src/shared/contract';
import type { Bar, Tick } from '../../../../src/shared/market';

const SPEC: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 30 };
const START = 1_721_347_020_000;
const HOLE = 21 * 86_400_000; // three weeks, as between the two recordings

const mk = (symbol: string, ts: number, c: number): Bar => ({
  symbol,
  tf: '1s',
  ts,
  open: c,
  high: c,
  low: c,
  close: c,
  volume: 1,
  quoteVolume: c,
  trades: 1,
  vwap: c,
  buyVolume: 0,
});

/** A noisy cointegrated pair of 1 s bars over `n` seconds from `start`; `level` shifts it,
 * so a window spanning two runs would see a jump. */
function run(start: number, n: number, phase: number, level: number): { y: Bar[]; x: Bar[] } {
  const y: Bar[] = [];
  const x: Bar[] = [];
  let px = 3000 + level;
  for (let i = 0; i < n; i++) {
    px += Math.sin((i + phase) * 0.7) + Math.cos((i + phase) * 0.13);
    x.push(mk(SPEC.x, start + i * 1000, px));
    y.push(mk(SPEC.y, start + i * 1000, 2000 + 19.5 * px + 3 * Math.sin(i + phase)));
  }
  return { y, x };
}

function expectSeriesClose(actual: RollingPoint[], expected: RollingPoint[]): void {
  expect(actual.map((p) => p.ts)).toEqual(expected.map((p) => p.ts));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    expect([a.y, a.x, a.kalmanBeta, a.kalmanAlpha]).toEqual([e.y, e.x, e.kalmanBeta, e.kalmanAlpha]);
    for (const k of ['alpha', 'beta', 'r2', 'spread', 'spreadStd', 'z', 'correlation'] as const) {
      if (e[k] === null) expect(a[k], `${k} at ${i}`).toBeNull();
      else
        expect(Math.abs(a[k]! - e[k]!), `${k} at ${i}: ${a[k]} vs ${e[k]}`).toBeLessThanOrEqual(
          1e-7 * Math.max(1, Math.abs(e[k]!)),
        );
    }
  }
}

describe('the live pair restarts after a break', () => {
  const a = run(START, 200, 0, 0);
  const b = run(START + 200_000 + HOLE, 100, 77, -600);
  const y = [...a.y, ...b.y];
  const x = [...a.x, ...b.x];
  // Each recording on its own: what the figures must be on either side of the hole.
  const perSegment = [
    ...rollingSeriesPoints(SPEC.window, alignPair(a.y, a.x)),
    ...rollingSeriesPoints(SPEC.window, alignPair(b.y, b.x)),
  ];

  it('the batch series equals each segment computed on its own', () => {
    expectSeriesClose(rollingSeriesPoints(SPEC.window, alignPair(y, x), -Infinity, new BreakIndex(1000)), perSegment);
  });

  it('folding bar by bar gives the same series: null rolling figures for W − 1 points after the hole', () => {
    const live = new LivePair(SPEC);
    let points: RollingPoint[] = [];
    for (let i = 0; i < y.length; i++) points = mergePoints(points, live.fold([y[i]!, x[i]!]).points);
    expectSeriesClose(points, perSegment);
    const after = points.filter((p) => p.ts >= b.y[0]!.ts);
    expect(after.slice(0, SPEC.window - 1).every((p) => p.z === null && p.correlation === null)).toBe(true);
    expect(after[SPEC.window - 1]!.z).not.toBeNull();
    expectSeriesClose(live.lastPoints(150), perSegment.slice(-150));
  });

  it('a late bar that rebuilds across the hole keeps the restart', () => {
    const live = new LivePair(SPEC, { y: y.slice(0, 210), x: x.slice(0, 210) });
    // An old bar of the first run arrives again with more trades: the tail is rebuilt.
    const late = { ...a.y[190]!, trades: 5 };
    let points = live.fold([late]).points;
    expect(live.rebuilds).toBe(1);
    for (let i = 210; i < y.length; i++) points = mergePoints(points, live.fold([y[i]!, x[i]!]).points);
    expectSeriesClose(
      points,
      perSegment.filter((p) => p.ts >= a.y[190]!.ts),
    );
  });

  it.each([
    ['log', 'kalman'],
    ['raw', 'theil-sen'],
    ['ratio', 'ols'],
  ] as const)(
    'spread %s / %s: folding and a late bar across the hole restart as each segment on its own',
    (mode, hedge) => {
      const spec: PairSpec = { ...SPEC, mode, hedge };
      const def = { mode, hedge };
      const expected = [
        ...rollingSeriesPoints(spec.window, alignPair(a.y, a.x), -Infinity, undefined, def),
        ...rollingSeriesPoints(spec.window, alignPair(b.y, b.x), -Infinity, undefined, def),
      ];
      const live = new LivePair(spec);
      let points: RollingPoint[] = [];
      for (let i = 0; i < y.length; i++) points = mergePoints(points, live.fold([y[i]!, x[i]!]).points);
      expectSeriesClose(points, expected);
      expectSeriesClose(live.lastPoints(150), expected.slice(-150));
      const loaded = new LivePair(spec, { y: y.slice(0, 210), x: x.slice(0, 210) });
      let after = loaded.fold([{ ...a.y[190]!, trades: 5 }]).points;
      expect(loaded.rebuilds).toBe(1);
      for (let i = 210; i < y.length; i++) after = mergePoints(after, loaded.fold([y[i]!, x[i]!]).points);
      expectSeriesClose(
        after,
        expected.filter((p) => p.ts >= a.y[190]!.ts),
      );
    },
  );

  it('the live snapshot evaluates the segment after the hole, or says how short it is', () => {
    const live = new LivePair(SPEC, { y, x });
    const snap = live.snapshot();
    const ref = pairAnalytics(b.y, b.x, SPEC.window, { tf: '1s', ySymbol: SPEC.y, xSymbol: SPEC.x });
    expect(snap.ok && ref.ok && snap.value).toEqual(ref.ok && ref.value);
    const wide = new LivePair({ ...SPEC, window: 150 }, { y, x }).snapshot();
    expect(wide.ok).toBe(false);
    if (!wide.ok)
      expect(wide.message).toBe(`only 100 aligned points since the break at ${isoSeconds(b.y[0]!.ts)} (window 150)`);
  });

  it('after the hole, points where only one leg traded again carry nothing over it', () => {
    // ETH resumes 5 s after BTC: the 5 points between would pair BTC with a 3-week-old ETH.
    const bx = b.x.slice(5);
    const ys = [...a.y, ...b.y];
    const xs = [...a.x, ...bx];
    const expected = [
      ...rollingSeriesPoints(SPEC.window, alignPair(a.y, a.x)),
      ...rollingSeriesPoints(SPEC.window, alignPair(b.y, bx)),
    ];
    expectSeriesClose(rollingSeriesPoints(SPEC.window, alignPair(ys, xs), -Infinity, new BreakIndex(1000)), expected);
    const live = new LivePair(SPEC);
    let points: RollingPoint[] = [];
    const bars = [...ys, ...xs].sort((p, q) => p.ts - q.ts);
    for (const bar of bars) points = mergePoints(points, live.fold([bar]).points);
    expectSeriesClose(points, expected);
    // The last 120 points held include the 5 that belong to no segment.
    expectSeriesClose(live.lastPoints(120), expected.slice(-115));
    // The same bars loaded as history, then a late BTC bar before ETH resumed: rebuilt alike.
    const loaded = new LivePair(SPEC, { y: ys, x: xs });
    const rebuilt = loaded.fold([{ ...b.y[2]!, trades: 9 }]);
    expect(rebuilt.rebuilt).toBe(true);
    expectSeriesClose(loaded.lastPoints(120), expected.slice(-115));
  });

  it('a gap reported later re-evaluates the held points around it', () => {
    const one = run(START, 200, 0, 0);
    const live = new LivePair(SPEC, one);
    const gaps = [{ from: START + 79_500, to: START + 120_500 }];
    const out = live.setGaps(gaps);
    expect(out?.rebuilt).toBe(true);
    const expected = rollingSeriesPoints(SPEC.window, alignPair(one.y, one.x), -Infinity, new BreakIndex(1000, gaps));
    expectSeriesClose(out!.points, expected);
    // Nothing from inside the gap, and the first full window ends W − 1 points after it.
    expect(out!.points.some((p) => p.ts > START + 79_000 && p.ts < START + 120_000)).toBe(false);
    expect(out!.points.find((p) => p.ts >= START + 120_000 && p.z !== null)!.ts).toBe(
      START + 120_000 + (SPEC.window - 1) * 1000,
    );
    expect(live.setGaps(gaps)).toBeNull();
    const snap = live.snapshot();
    const ref = pairAnalytics(one.y.slice(120), one.x.slice(120), SPEC.window, {
      tf: '1s',
      ySymbol: SPEC.y,
      xSymbol: SPEC.x,
    });
    expect(snap.ok && ref.ok && snap.value).toEqual(ref.ok && ref.value);
  });
});

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A store where BTCUSDT misses trades from second 100 to 139 (recorded as an unfilled
 * gap) while ETHUSDT trades on: one tick per second per leg. */
function storeWithGap(): { store: SqliteTickStore; gapId: number } {
  const store = openStore(':memory:');
  const ing = createIngestor({
    store,
    timeframes: ['1s'],
    maxBatch: 100_000,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
  const ticks: Tick[] = [];
  for (let i = 0; i < 300; i++) {
    const ts = START + i * 1000 + 500;
    const px = 3000 + 20 * Math.sin(i * 0.05) + Math.sin(i * 0.7);
    ticks.push({ symbol: SPEC.x, tradeId: 1000 + i, ts, price: px, size: 1, isBuyerMaker: false });
    if (i < 100 || i >= 140)
      ticks.push({
        symbol: SPEC.y,
        tradeId: 5000 + i,
        ts,
        price: 2000 + 19.5 * px + 3 * Math.cos(i * 1.3),
        size: 1,
        isBuyerMaker: i % 2 === 0,
      });
  }
  ing.push(ticks);
  ing.close();
  const gapId = store.recordGap({
    symbol: SPEC.y,
    fromId: 5100,
    toId: 5139,
    detectedAt: START + 140_600,
    reason: 'test',
  });
  return { store, gapId };
}

describe('store-backed analytics honour the unfilled gaps the store knows', () => {
  it('lists the gap with the trade times around it until the missing ids are stored or it is filled', () => {
    const { store, gapId } = storeWithGap();
    expect(store.listUnfilledGaps()).toEqual([
      {
        id: gapId,
        symbol: SPEC.y,
        fromId: 5100,
        toId: 5139,
        detectedAt: START + 140_600,
        filledAt: null,
        reason: 'test',
        fromTs: START + 99_500,
        toTs: START + 140_500,
      },
    ]);
    expect(store.listUnfilledGaps(SPEC.x)).toEqual([]);
    store.markGapFilled(gapId, START + 200_000);
    expect(store.listUnfilledGaps()).toEqual([]);
    store.close();
  });

  it('snapshots and the series start again where the trades resume', () => {
    const { store, gapId } = storeWithGap();
    const y = store.getBars({ symbol: SPEC.y, tf: '1s' });
    const x = store.getBars({ symbol: SPEC.x, tf: '1s' });
    const snap = snapshotFromStore(store, SPEC);
    const ref = pairAnalytics(y.slice(100), x.slice(140), SPEC.window, { tf: '1s', ySymbol: SPEC.y, xSymbol: SPEC.x });
    expect(snap.ok && ref.ok && snap.value).toEqual(ref.ok && ref.value);
    const short = snapshotFromStore(store, { ...SPEC, window: 200 });
    expect(short.ok === false && short.message).toBe(
      `only 160 aligned points since the break at ${isoSeconds(START + 140_000)} (window 200)`,
    );
    // Before the gap the window is whole again.
    expect(snapshotFromStore(store, SPEC, START + 99_000).ok).toBe(true);

    const { points } = seriesFromStore(store, SPEC, { from: START });
    expect(points.some((p) => p.ts > START + 99_000 && p.ts < START + 140_000)).toBe(false);
    expect(points.find((p) => p.ts >= START + 140_000 && p.z !== null)!.ts).toBe(
      START + 140_000 + (SPEC.window - 1) * 1000,
    );

    // Filled (say by an import that was marked), the series is one segment again.
    store.markGapFilled(gapId, START + 400_000);
    expect(snapshotFromStore(store, { ...SPEC, window: 200 }).ok).toBe(true);
    store.close();
  });

  it('a break just before the last W bars of a leg is still seen (one leg resumes later)', () => {
    // Both legs for 200 s, 10 min of silence, then BTC for 100 s and ETH only for its last 40.
    const store = openStore(':memory:');
    const resume = START + 200_000 + 600_000;
    const bars: Bar[] = [];
    for (let i = 0; i < 200; i++)
      bars.push(
        mk(SPEC.y, START + i * 1000, 60_000 + 30 * Math.sin(i)),
        mk(SPEC.x, START + i * 1000, 3000 + Math.sin(i * 0.7)),
      );
    for (let i = 0; i < 100; i++) {
      bars.push(mk(SPEC.y, resume + i * 1000, 58_000 + 30 * Math.sin(i)));
      if (i >= 60) bars.push(mk(SPEC.x, resume + i * 1000, 2900 + Math.sin(i * 0.7)));
    }
    store.upsertBars(bars);
    // The last 50 BTC bars all follow the hole; the last 50 ETH bars reach back over it.
    const snap = snapshotFromStore(store, { ...SPEC, window: 50 });
    expect(snap.ok === false && snap.message).toBe(
      `only 40 aligned points since the break at ${isoSeconds(resume + 60_000)} (window 50)`,
    );
    const ok = snapshotFromStore(store, { ...SPEC, window: 40 });
    const ref = pairAnalytics(
      bars.filter((b) => b.symbol === SPEC.y && b.ts >= resume + 60_000),
      bars.filter((b) => b.symbol === SPEC.x && b.ts >= resume),
      40,
      { tf: '1s', ySymbol: SPEC.y, xSymbol: SPEC.x },
    );
    expect(ok.ok && ref.ok && ok.value).toEqual(ref.ok && ref.value);
    store.close();
  });

  it('the worker re-reads the gaps with each live batch', () => {
    const { store, gapId } = storeWithGap();
    store.markGapFilled(gapId, START + 141_000);
    const spec = { ...SPEC, window: 200 };
    const core = createWorkerCore(store);
    const key = pairKey(spec);
    expect(core.follow({ specs: [spec], recent: 0 }).loaded.map((l) => l.key)).toEqual([key]);
    expect(core.liveSnapshot({ key, robust: true })?.ok).toBe(true);
    // A second, unfilled gap of the same hole is recorded (a later refill failed).
    store.recordGap({ symbol: SPEC.y, fromId: 5100, toId: 5139, detectedAt: START + 300_000, reason: 'refill failed' });
    const bar = store.getBars({ symbol: SPEC.x, tf: '1s' }).at(-1)!;
    const [fold] = core.bars({ bars: [{ ...bar, trades: bar.trades + 1 }] });
    const out = fold!.outcome;
    expect(out.rebuilt).toBe(true);
    expect(out.points.some((p) => p.ts > START + 99_000 && p.ts < START + 140_000)).toBe(false);
    expect(out.segmentStarts.at(-1)).toBe(START + 140_000);
    expect(fold!.afterBreak).toBe(true);
    const snap = core.liveSnapshot({ key, robust: true });
    expect(snap?.ok === false && snap.message).toBe(
      `only 160 aligned points since the break at ${isoSeconds(START + 140_000)} (window 200)`,
    );
    store.close();
  });
});
