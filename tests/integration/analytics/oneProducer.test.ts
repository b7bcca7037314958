import { afterEach, describe, expect, it } from 'vitest';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import type { AnalyticsService, PairEvaluateEvent, PairFoldEvent } from '../../../src/engine/analytics/service';
import { createIngestor, type Ingestor } from '../../../src/engine/ingest/ingestor';
import { createWatchlistService, type WatchlistService } from '../../../src/engine/watchlist/watchlistService';
import { pairKey, type PairSpec } from '../../../src/shared/contract';
import { manualScheduler, recordingHub, startService } from './liveService';
import { START_MS, tempDb, type PairDb } from './pairDb';

const SCREEN: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 60 };
/** Named only by an alert rule: followed though never on screen. */
const RULE_PAIR: PairSpec = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', window: 30 };

let db: PairDb | null = null;
let service: AnalyticsService | null = null;
let watchlist: WatchlistService | null = null;
afterEach(async () => {
  watchlist?.dispose();
  await service?.dispose();
  db?.cleanup();
  db = service = watchlist = null;
});

function pipeline(svc: AnalyticsService): Ingestor {
  return createIngestor({
    store: db!.store,
    timeframes: ['1s'],
    maxBatch: 1_000_000,
    setTimer: () => 0,
    clearTimer: () => undefined,
    onBars: (b) => svc.onBars(b),
  });
}

describe('one producer of pair figures', () => {
  it('the watchlist row, the pushed series and the snapshot agree on the screen pair’s z', async () => {
    db = tempDb();
    const rec = recordingHub();
    const sched = manualScheduler();
    service = startService(db.store, db.dbPath, rec, { snapshotMinIntervalMs: 0 });
    watchlist = createWatchlistService({ db: db.store.db, hub: rec.hub, source: service, timers: sched });
    const ing = pipeline(service);
    const sim = new CointegratedPairSim({ seed: 11, startMs: START_MS });
    ing.push(sim.advance(START_MS + 120_000));
    ing.flush();
    await service.handlers['analytics.watchPair'](SCREEN);
    for (let s = 1; s <= 10; s++) {
      ing.push(sim.advance(START_MS + 120_000 + s * 1000));
      ing.flush();
    }
    await service.settled();
    const row = watchlist.list().rows.find((r) => pairKey(r.pair) === pairKey(SCREEN))!;
    expect(row.reasons).toEqual(['screen']);
    expect(row.z).not.toBeNull();
    // The last pushed series point at the row's time carries the very same z.
    const pushed = await rec.next('analytics.onDidUpdateSeries', (p) => p.points.at(-1)?.ts === row.ts);
    expect(pushed.points.at(-1)!.z).toBe(row.z);
    // The full evaluation ending there says the same z of the spread.
    const snap = await rec.next('analytics.onDidUpdateSnapshot', (p) => p.ok && p.value.end === row.ts);
    expect(snap.ok && snap.value.spread?.z).toBeCloseTo(row.z!, 9);
    expect(rec.hub.invalid).toBe(0);
  });

  it('a pair only an alert rule names is folded and evaluated whatever is on screen', async () => {
    db = tempDb();
    const rec = recordingHub();
    service = startService(db.store, db.dbPath, rec, { snapshotMinIntervalMs: 0 });
    const folds: PairFoldEvent[] = [];
    service.onDidFold((e) => folds.push(e));
    const ruleEvaluated = new Promise<PairEvaluateEvent>((resolve) =>
      service!.onDidEvaluate((e) => {
        if (pairKey(e.snapshot.pair) === pairKey(RULE_PAIR)) resolve(e);
      }),
    );
    const ing = pipeline(service);
    const sim = new CointegratedPairSim({ seed: 12, startMs: START_MS });
    ing.push(sim.advance(START_MS + 60_000));
    ing.flush();
    await service.handlers['analytics.watchPair'](SCREEN);
    service.setAlertPairs([RULE_PAIR]);
    await service.settled();
    for (let s = 1; s <= 5; s++) {
      ing.push(sim.advance(START_MS + 60_000 + s * 1000));
      ing.flush();
    }
    await service.settled();
    const ruleFolds = folds.filter((f) => pairKey(f.pair) === pairKey(RULE_PAIR));
    expect(ruleFolds.length).toBeGreaterThan(0);
    expect(ruleFolds.every((f) => f.segmentStarts.length === f.points.length)).toBe(true);
    const ruleSnap = await ruleEvaluated;
    expect(ruleSnap.snapshot.ok).toBe(true);
    // Only the screen pair's figures go to the renderer's analytics pushes.
    expect(rec.of('analytics.onDidUpdateSnapshot').every((s) => pairKey(s.pair) === pairKey(SCREEN))).toBe(true);
    const rows = service.followed();
    expect(rows.map((r) => [pairKey(r.pair), r.reasons])).toEqual([
      [pairKey(SCREEN), ['screen']],
      [pairKey(RULE_PAIR), ['alert']],
    ]);
    expect(rows[1]!.latest?.z).not.toBeNull();
    expect(rows[1]!.spark.length).toBeGreaterThan(0);
  });
});

describe('full evaluations of the followed pairs', () => {
  it('take turns: the screen pair first, then every changed pair once, each at most once per interval', async () => {
    db = tempDb();
    const rec = recordingHub();
    const sched = manualScheduler();
    let mono = 0;
    service = startService(db.store, db.dbPath, rec, {
      scheduler: sched,
      monotonic: () => mono,
      snapshotMinIntervalMs: 1000,
    });
    const order: string[] = [];
    service.onDidEvaluate((e) => order.push(pairKey(e.snapshot.pair)));
    const ing = pipeline(service);
    const sim = new CointegratedPairSim({ seed: 13, startMs: START_MS });
    ing.push(sim.advance(START_MS + 90_000));
    ing.flush();
    const others: PairSpec[] = [RULE_PAIR, { ...SCREEN, window: 40 }];
    await service.handlers['analytics.watchPair'](SCREEN);
    service.setWatchlist(others);
    const evaluated = async (n: number): Promise<void> => {
      // Let the worker answer, then let the cadence's timer run, until n evaluations are in.
      while (order.length < n) {
        await service!.settled();
        await new Promise((r) => setImmediate(r));
        mono += 250;
        sched.fire();
      }
    };
    await evaluated(3);
    expect(order[0]).toBe(pairKey(SCREEN));
    expect(new Set(order)).toEqual(new Set([SCREEN, ...others].map(pairKey)));
    // Nothing changed: however much time passes, no pair is evaluated again.
    mono += 10_000;
    sched.fire();
    await service.settled();
    await new Promise((r) => setImmediate(r));
    expect(order).toHaveLength(3);
    // A bar touching every pair: each is evaluated once more, the screen's pair first.
    ing.push(sim.advance(START_MS + 91_000));
    ing.flush();
    await evaluated(6);
    expect(order[3]).toBe(pairKey(SCREEN));
    expect(new Set(order.slice(3))).toEqual(new Set(order.slice(0, 3)));
  });
});
