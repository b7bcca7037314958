import { describe, expect, it } from 'vitest';
import { alignPair, pairAnalytics } from '../../../../../src/core/analytics/index';
import { CointegratedPairSim } from '../../../../../src/core/sim/cointegratedPair';
import { LivePair } from '../../../../../src/core/analytics/live/livePair';
import { rollingSeriesPoints } from '../../../../../src/engine/analytics/series';
import { mergePoints } from '../../../../../src/engine/analytics/service';
import { createIngestor } from '../../../../../src/engine/ingest/ingestor';
import { openStore } from '../../../../../src/engine/store/sqliteStore';
import type { PairSpec, RollingPoint } from '../../../../../src/shared/contract';
import type { Bar } from '../../../../../src/shared/market';

const SPEC: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 30 };
const START = 1_723_161_600_000;

/** The committed-bar batches an engine would see: small ingest batches, so the forming bar
 * arrives in many versions, plus the final bars in the store. */
function ingestBatches(seconds: number, ticksPerBatch = 5): { batches: Bar[][]; final: { y: Bar[]; x: Bar[] } } {
  const store = openStore(':memory:');
  const batches: Bar[][] = [];
  const ing = createIngestor({
    store,
    timeframes: ['1s'],
    maxBatch: ticksPerBatch,
    setTimer: () => 0,
    clearTimer: () => undefined,
    onBars: (b) => batches.push(b),
  });
  const sim = new CointegratedPairSim({ seed: 11, startMs: START });
  const ticks = sim.advance(START + seconds * 1000);
  for (const t of ticks) ing.push([t]);
  ing.close();
  const final = { y: store.getBars({ symbol: SPEC.y, tf: '1s' }), x: store.getBars({ symbol: SPEC.x, tf: '1s' }) };
  store.close();
  return { batches, final };
}

function expectSeriesClose(actual: RollingPoint[], expected: RollingPoint[]): void {
  expect(actual.map((p) => p.ts)).toEqual(expected.map((p) => p.ts));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    expect([a.y, a.x]).toEqual([e.y, e.x]);
    // Kalman steps are replayed from a saved state, so they match exactly.
    expect([a.kalmanBeta, a.kalmanAlpha]).toEqual([e.kalmanBeta, e.kalmanAlpha]);
    for (const k of ['alpha', 'beta', 'r2', 'spread', 'spreadStd', 'z', 'correlation'] as const) {
      if (e[k] === null) expect(a[k], `${k} at ${i}`).toBeNull();
      else
        expect(Math.abs(a[k]! - e[k]!), `${k} at ${i}: ${a[k]} vs ${e[k]}`).toBeLessThanOrEqual(
          1e-7 * Math.max(1, Math.abs(e[k]!)),
        );
    }
  }
}

describe('LivePair (incremental live state of the watched pair)', () => {
  it('folding every forming-bar version gives the batch rolling series and snapshot of the final bars', () => {
    const { batches, final } = ingestBatches(200);
    const live = new LivePair(SPEC);
    let points: RollingPoint[] = [];
    let closed = 0;
    for (const b of batches) {
      const out = live.fold(b);
      points = mergePoints(points, out.points);
      closed += out.closed;
    }
    const aligned = alignPair(final.y, final.x);
    expect(batches.length).toBeGreaterThan(2 * aligned.ts.length);
    expect(points.filter((p) => p.beta !== null && p.z !== null).length).toBe(aligned.ts.length - SPEC.window + 1);
    expectSeriesClose(points, rollingSeriesPoints(SPEC.window, aligned));
    expectSeriesClose(live.lastPoints(50), rollingSeriesPoints(SPEC.window, aligned).slice(-50));
    expect(closed).toBe(aligned.ts.length - 1);
    const snap = live.snapshot();
    const ref = pairAnalytics(final.y, final.x, SPEC.window, { tf: '1s', ySymbol: SPEC.y, xSymbol: SPEC.x });
    expect(snap.ok && ref.ok).toBe(true);
    if (snap.ok && ref.ok) expect(snap.value).toEqual(ref.value);
  });

  it('rolling figures stay null until W aligned points exist, Kalman too (it starts from the first window)', () => {
    const { batches } = ingestBatches(20);
    const live = new LivePair(SPEC);
    let points: RollingPoint[] = [];
    for (const b of batches) points = mergePoints(points, live.fold(b).points);
    expect(points.length).toBeGreaterThan(0);
    expect(points.length).toBeLessThan(SPEC.window);
    expect(points.every((p) => p.beta === null && p.z === null && p.kalmanBeta === null)).toBe(true);
  });

  it.each([
    ['raw', 'ols'],
    ['log', 'ols'],
    ['log', 'kalman'],
    ['raw', 'kalman'],
    ['raw', 'theil-sen'],
    ['log', 'theil-sen'],
    ['ratio', 'ols'],
  ] as const)(
    'spread %s / %s: in order or with late bars, the live series is the batch series of that definition',
    (mode, hedge) => {
      const spec: PairSpec = { ...SPEC, mode, hedge };
      const { batches, final } = ingestBatches(120);
      const aligned = alignPair(final.y, final.x);
      const expected = rollingSeriesPoints(spec.window, aligned, -Infinity, undefined, { mode, hedge });
      expect(expected.filter((p) => p.z !== null).length).toBe(aligned.ts.length - spec.window + 1);
      let seed = 9;
      const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
      const shuffled = batches
        .map((b, i) => ({ b, key: i + rnd() * 4 }))
        .sort((p, q) => p.key - q.key)
        .map((o) => o.b);
      for (const order of [batches, shuffled]) {
        const live = new LivePair(spec);
        let points: RollingPoint[] = [];
        for (const b of order) points = mergePoints(points, live.fold(b).points);
        expectSeriesClose(points, expected);
        expectSeriesClose(live.lastPoints(60), expected.slice(-60));
      }
    },
  );

  it('a late or reordered bar rebuilds the tail; stale versions are ignored; the result is unchanged', () => {
    const { batches, final } = ingestBatches(150);
    // Deliver batches with a bounded shuffle: each may arrive up to 4 batches late.
    let seed = 5;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const order = batches.map((b, i) => ({ b, key: i + rnd() * 4 })).sort((p, q) => p.key - q.key);
    const live = new LivePair(SPEC);
    let points: RollingPoint[] = [];
    let rebuilt = 0;
    for (const { b } of order) {
      const out = live.fold(b);
      if (out.rebuilt) rebuilt++;
      points = mergePoints(points, out.points);
    }
    expect(rebuilt).toBeGreaterThan(0);
    expectSeriesClose(points, rollingSeriesPoints(SPEC.window, alignPair(final.y, final.x)));
  });

  it('starts from loaded history and continues with the bars committed after it', () => {
    const { batches, final } = ingestBatches(120);
    const cut = Math.floor(batches.length / 2);
    const seen = new Map<string, Bar>();
    for (const b of batches.slice(0, cut)) for (const bar of b) seen.set(`${bar.symbol}|${bar.ts}`, bar);
    const hist = [...seen.values()].sort((a, b) => a.ts - b.ts);
    const live = new LivePair(SPEC, {
      y: hist.filter((b) => b.symbol === SPEC.y),
      x: hist.filter((b) => b.symbol === SPEC.x),
    });
    // Batches committed before the load arrive again (the worker read newer versions): stale.
    for (const b of batches.slice(cut - 3)) live.fold(b);
    expectSeriesClose(live.lastPoints(40), rollingSeriesPoints(SPEC.window, alignPair(final.y, final.x)).slice(-40));
  });

  it('keeps bounded memory over a long session without changing the figures', () => {
    const y: Bar[] = [];
    const x: Bar[] = [];
    const live = new LivePair(SPEC);
    let px = 3000;
    for (let i = 0; i < 6000; i++) {
      px += Math.sin(i * 0.7) + Math.cos(i * 0.13);
      const mk = (symbol: string, c: number): Bar => ({
        symbol,
        tf: '1s',
        ts: START + i * 1000,
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
      const yb = mk(SPEC.y, 2000 + 19.5 * px + 3 * Math.sin(i));
      const xb = mk(SPEC.x, px);
      y.push(yb);
      x.push(xb);
      live.fold([yb, xb]);
    }
    expect(live.length).toBeLessThan(4000);
    expectSeriesClose(live.lastPoints(100), rollingSeriesPoints(SPEC.window, alignPair(y, x)).slice(-100));
    const snap = live.snapshot();
    const ref = pairAnalytics(y, x, SPEC.window, { tf: '1s', ySymbol: SPEC.y, xSymbol: SPEC.x });
    if (snap.ok && ref.ok) expect(snap.value).toEqual(ref.value);
    else expect.unreachable('both snapshots should compute');
  });

  it('after a trim (log / kalman): tails W + 64 points past the first kept are exact, longer ones and late bars never fail', () => {
    const spec: PairSpec = { ...SPEC, mode: 'log', hedge: 'kalman' };
    const y: Bar[] = [];
    const x: Bar[] = [];
    const live = new LivePair(spec);
    const mk = (symbol: string, i: number, c: number): Bar => ({
      symbol,
      tf: '1s',
      ts: START + i * 1000,
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
    let px = 3000;
    for (let i = 0; i < 5000; i++) {
      px += Math.sin(i * 0.7) + Math.cos(i * 0.13);
      const yb = mk(spec.y, i, 2000 + 19.5 * px + 3 * Math.sin(i));
      const xb = mk(spec.x, i, px);
      y.push(yb);
      x.push(xb);
      live.fold([yb, xb]);
    }
    const expected = rollingSeriesPoints(spec.window, alignPair(y, x), -Infinity, undefined, {
      mode: 'log',
      hedge: 'kalman',
    });
    expect(live.length).toBeLessThan(y.length);
    // (A restore starts at the nearest checkpoint, one every 64 points, with the W before it.)
    const exact = live.length - spec.window - 64;
    expectSeriesClose(live.lastPoints(exact), expected.slice(-exact));
    // Reaching into the first W − 1 kept points replays what is held (no window before it).
    expect(live.lastPoints(live.length)).toHaveLength(live.length);
    // A late version of a bar among the first kept ones realigns what is held.
    const firstKept = live.lastPoints(live.length)[0]!.ts;
    const i = (firstKept - START) / 1000 + 3;
    const late = { ...x[i]!, close: x[i]!.close * 1.001, trades: 2 };
    const out = live.fold([late]);
    expect(out.rebuilt).toBe(true);
    expect(out.points.length).toBe(live.length);
  });

  it('a theil-sen pair keeps its hedge, spread and ADF in snapshots that skip the robust figures', () => {
    const spec: PairSpec = { ...SPEC, hedge: 'theil-sen' };
    const { final } = ingestBatches(120);
    const live = new LivePair(spec, final);
    // What the worker asks for off screen (and LivePair does by default above W = 20,000).
    const lean = live.snapshot(undefined, true);
    const full = live.snapshot(undefined, false);
    expect(lean.ok && full.ok).toBe(true);
    if (!lean.ok || !full.ok) return;
    expect(lean.value.hedge).toBe('theil-sen');
    expect(lean.value.hedgeRatio).not.toBeNull();
    expect(lean.value.hedgeRatio).toEqual(full.value.hedgeRatio);
    expect(lean.value.spread).toEqual(full.value.spread);
    expect(lean.value.adf).toEqual(full.value.adf);
    expect(lean.value.halfLife).toEqual(full.value.halfLife);
    // The hedge's fit is the Theil–Sen figure; only Huber is left out.
    expect(lean.value.robust.theilSen).toEqual(lean.value.hedgeRatio);
    expect(lean.value.robust.huber).toBeNull();
    expect(lean.issues['robust.huber']?.reason).toBe('too_large');
    expect(lean.issues['robust.theilSen']).toBeUndefined();
    // A raw OLS pair's lean snapshot leaves Theil–Sen out.
    const ols = new LivePair(SPEC, final).snapshot(undefined, true);
    expect(ols.ok && ols.value.robust.theilSen).toBeNull();
  });

  it('ignores other symbols and timeframes', () => {
    const live = new LivePair(SPEC);
    const bar: Bar = {
      symbol: 'SOLUSDT',
      tf: '1s',
      ts: START,
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      volume: 1,
      quoteVolume: 1,
      trades: 1,
      vwap: 1,
      buyVolume: 0,
    };
    expect(live.fold([bar, { ...bar, symbol: 'BTCUSDT', tf: '1m' }])).toEqual({
      points: [],
      segmentStarts: [],
      closed: 0,
      rebuilt: false,
    });
  });
});
