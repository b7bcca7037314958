import { afterEach, describe, expect, it } from 'vitest';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { createDispatcher } from '../../../src/engine/api/dispatcher';
import type { AnalyticsService } from '../../../src/engine/analytics/service';
import { mergePoints } from '../../../src/engine/analytics/service';
import { createIngestor, type Ingestor } from '../../../src/engine/ingest/ingestor';
import type { PairSpec, RollingPoint } from '../../../src/shared/contract';
import { fakeHandlers } from '../../support/fakeHandlers';
import { manualScheduler, recordingHub, startService } from './liveService';
import { START_MS, tempDb, type PairDb } from './pairDb';

const SPEC: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 60 };

let db: PairDb | null = null;
let service: AnalyticsService | null = null;
afterEach(async () => {
  await service?.dispose();
  service = null;
  db?.cleanup();
  db = null;
});

/** The engine's write path: an ingestor whose committed bars go to the service. */
function pipeline(svc: () => AnalyticsService): Ingestor {
  return createIngestor({
    store: db!.store,
    timeframes: ['1s', '1m'],
    maxBatch: 1_000_000,
    setTimer: () => 0,
    clearTimer: () => undefined,
    onBars: (b) => svc().onBars(b),
  });
}

function expectPointsClose(actual: RollingPoint[], expected: RollingPoint[]): void {
  expect(actual.map((p) => p.ts)).toEqual(expected.map((p) => p.ts));
  actual.forEach((a, i) => {
    const e = expected[i]!;
    for (const k of ['y', 'x', 'kalmanBeta', 'kalmanAlpha', 'alpha', 'beta', 'z', 'correlation'] as const) {
      if (e[k] === null) expect(a[k]).toBeNull();
      else expect(Math.abs(a[k]! - e[k]!)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(e[k]!)));
    }
  });
}

/** Seconds [from, to) of a flat BTC leg against a rising ETH leg, one trade each, each committed. */
function flatLegSeconds(ing: Ingestor, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const t = START_MS + i * 1000;
    ing.push([
      { symbol: 'BTCUSDT', tradeId: i + 1, ts: t, price: 60000, size: 1, isBuyerMaker: false },
      { symbol: 'ETHUSDT', tradeId: i + 1, ts: t, price: 3000 + i, size: 1, isBuyerMaker: true },
    ]);
    ing.flush();
  }
}

describe('live analytics service', () => {
  it('pushes the watched pair’s rolling series, coalesced, matching getSeries from the store', async () => {
    db = tempDb();
    const rec = recordingHub();
    const sched = manualScheduler();
    // A frozen clock: after the first (leading-edge) push, everything waits for the timer.
    service = startService(db.store, db.dbPath, rec, {
      scheduler: sched,
      monotonic: () => 0,
      snapshotMinIntervalMs: 0,
    });
    const dispatcher = createDispatcher(fakeHandlers(service.handlers));
    const ing = pipeline(() => service!);
    await dispatcher.dispatch('analytics.watchPair', { y: 'btcusdt', x: 'ethusdt', tf: '1s', window: 60 });
    const sim = new CointegratedPairSim({ seed: 3, startMs: START_MS });
    for (let ms = 250; ms <= 240_000; ms += 250) {
      ing.push(sim.advance(START_MS + ms));
      ing.flush();
    }
    await service.settled();
    expect(service.stats().batchesFolded).toBeGreaterThan(900);
    // Nothing has left yet: every fold since the last flush waits in one pending push.
    const before = rec.of('analytics.onDidUpdateSeries').length;
    sched.fire();
    const series = rec.of('analytics.onDidUpdateSeries');
    expect(before).toBe(1);
    expect(series.length).toBe(2);
    const pushed = series.reduce<RollingPoint[]>((acc, s) => mergePoints(acc, s.points), []);
    const stored = await dispatcher.dispatch('analytics.getSeries', { ...SPEC });
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    const ref = (stored.result as { points: RollingPoint[] }).points;
    expect(ref.length).toBeGreaterThan(200);
    expectPointsClose(pushed, ref);
    expect(rec.hub.invalid).toBe(0);
  });

  it('pushes a snapshot after watching and after changes, at most once per interval, with computedAt/computeMs', async () => {
    db = tempDb();
    const rec = recordingHub();
    const sched = manualScheduler();
    let mono = 0;
    service = startService(db.store, db.dbPath, rec, {
      scheduler: sched,
      monotonic: () => mono,
      snapshotMinIntervalMs: 1000,
    });
    const ing = pipeline(() => service!);
    const sim = new CointegratedPairSim({ seed: 4, startMs: START_MS });
    ing.push(sim.advance(START_MS + 120_000));
    ing.flush();
    await service.handlers['analytics.watchPair'](SPEC);
    const first = await rec.next('analytics.onDidUpdateSnapshot');
    expect(first.ok).toBe(true);
    if (first.ok) {
      expect(first.computedAt).toBe(1_700_000_000_000);
      expect(first.computeMs).toBeGreaterThanOrEqual(0);
      expect(first.value.n).toBe(60);
    }
    const direct = await service.handlers['analytics.getSnapshot']({ ...SPEC });
    // Same figures whether pushed live (in-memory window) or asked for (read from the store).
    expect({ ...first, computeMs: 0 }).toEqual({ ...direct, computeMs: 0 });

    // Changes within the interval: folded and pushed as series, but no second snapshot yet.
    for (let s = 1; s <= 5; s++) {
      ing.push(sim.advance(START_MS + 120_000 + s * 1000));
      ing.flush();
    }
    await service.settled();
    expect(rec.of('analytics.onDidUpdateSnapshot')).toHaveLength(1);
    expect(sched.pending).toBeGreaterThan(0);
    // The interval passes: exactly one more snapshot, covering the latest closed bar.
    mono = 1000;
    sched.fire();
    const second = await rec.next('analytics.onDidUpdateSnapshot', (p) => p !== first);
    expect(rec.of('analytics.onDidUpdateSnapshot')).toHaveLength(2);
    const lastBar = db.store.getBars({ symbol: 'BTCUSDT', tf: '1s', limit: 1 })[0]!;
    expect(second.ok && second.value.end).toBeGreaterThanOrEqual(lastBar.ts);
    // No change since: no further snapshot however much time passes.
    mono = 5000;
    sched.fire();
    await service.settled();
    expect(rec.of('analytics.onDidUpdateSnapshot')).toHaveLength(2);
  });

  it('never pushes NaN: a flat leg gives nulls with issues, and a short history says how much exists', async () => {
    db = tempDb();
    const rec = recordingHub();
    service = startService(db.store, db.dbPath, rec, { snapshotMinIntervalMs: 0 });
    const ing = pipeline(() => service!);
    await service.handlers['analytics.watchPair']({ ...SPEC, window: 20 });
    flatLegSeconds(ing, 0, 10);
    await service.settled();
    const short = await rec.next('analytics.onDidUpdateSnapshot', (p) => !p.ok && p.available === 10);
    expect(!short.ok && short.message).toContain('only 10 aligned points');
    flatLegSeconds(ing, 10, 30);
    await service.settled();
    const snap = await rec.next('analytics.onDidUpdateSnapshot', (p) => p.ok);
    expect(snap.ok).toBe(true);
    if (snap.ok) {
      expect(snap.value.ols).toBeNull();
      expect(snap.issues.ols?.reason).toBe('degenerate_input');
      expect(snap.value.stats.BTCUSDT?.last).toBe(60000);
    }
    const pts = await rec.next(
      'analytics.onDidUpdateSeries',
      (p) => p.points.length > 0 && p.points.at(-1)!.ts === START_MS + 29_000,
    );
    expect(pts.points.at(-1)!.z).toBeNull();
    expect(rec.hub.invalid).toBe(0);
  });

  it('after switching pairs, no push about the previous pair leaves', async () => {
    db = tempDb();
    const rec = recordingHub();
    const sched = manualScheduler();
    service = startService(db.store, db.dbPath, rec, { scheduler: sched, snapshotMinIntervalMs: 0 });
    const ing = pipeline(() => service!);
    await service.handlers['analytics.watchPair'](SPEC);
    const sim = new CointegratedPairSim({ seed: 9, startMs: START_MS });
    ing.push(sim.advance(START_MS + 30_000));
    ing.flush();
    const other: PairSpec = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', window: 10 };
    await service.handlers['analytics.watchPair'](other);
    await service.settled();
    sched.fire();
    await rec.next('analytics.onDidUpdateSnapshot', (p) => p.pair.y === 'ETHUSDT');
    const afterSwitch = rec.events.findIndex(
      (e) => e.event === 'analytics.onDidUpdateSnapshot' && (e.payload as { pair: PairSpec }).pair.y === 'ETHUSDT',
    );
    const stale = rec.events.slice(afterSwitch).filter((e) => (e.payload as { pair: PairSpec }).pair.y === 'BTCUSDT');
    expect(stale).toEqual([]);
    expect(service.watching).toEqual(other);
  });
});

describe('series push rate', () => {
  it('pushes at once on a quiet stream, then at most once per interval', async () => {
    db = tempDb();
    const rec = recordingHub();
    const sched = manualScheduler();
    let mono = 0;
    service = startService(db.store, db.dbPath, rec, {
      scheduler: sched,
      monotonic: () => mono,
      snapshotMinIntervalMs: 1e9,
    });
    const ing = pipeline(() => service!);
    await service.handlers['analytics.watchPair'](SPEC);
    const sim = new CointegratedPairSim({ seed: 8, startMs: START_MS });
    const step = async (ms: number): Promise<void> => {
      ing.push(sim.advance(START_MS + ms));
      ing.flush();
      await service!.settled();
    };
    await step(2000);
    expect(rec.of('analytics.onDidUpdateSeries')).toHaveLength(1); // leading edge: no wait
    await step(2500);
    await step(3000);
    expect(rec.of('analytics.onDidUpdateSeries')).toHaveLength(1); // within the interval: held
    mono = 100;
    sched.fire();
    expect(rec.of('analytics.onDidUpdateSeries')).toHaveLength(2); // trailing edge: both folds in one push
    await step(3500);
    expect(rec.of('analytics.onDidUpdateSeries')).toHaveLength(2); // the timer just pushed: wait again
    mono = 250;
    await step(4000);
    expect(rec.of('analytics.onDidUpdateSeries')).toHaveLength(3);
  });
});
