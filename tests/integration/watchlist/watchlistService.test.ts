import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowedFigures } from '../../../src/core/analytics/live/watchRow';
import { WatchSet } from '../../../src/core/analytics/live/watchSet';
import { EventHub } from '../../../src/engine/api/eventHub';
import { Emitter, type Timers } from '../../../src/engine/lifecycle';
import { openStore, type SqliteTickStore } from '../../../src/engine/store/sqliteStore';
import { createWatchlistService, type WatchSource } from '../../../src/engine/watchlist/watchlistService';
import { pairKey, watchListSchema, type PairSpec } from '../../../src/shared/contract';

const ETH: PairSpec = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', window: 60 };
const SOL: PairSpec = { y: 'SOLUSDT', x: 'BTCUSDT', tf: '1m', window: 100 };

/** A watch set without a worker: the screen and alert reasons are set by the test. */
function fakeSource(): WatchSource & { set: WatchSet; changed: Emitter<void>; figures: Emitter<readonly string[]> } {
  const set = new WatchSet();
  const changed = new Emitter<void>();
  const figures = new Emitter<readonly string[]>();
  return {
    set,
    changed,
    figures,
    setWatchlist(pairs) {
      if (set.set('watchlist', pairs)) changed.fire();
    },
    followed: (): FollowedFigures[] =>
      set.entries().map((e) => ({
        pair: e.pair,
        reasons: e.reasons,
        latest: null,
        points: 0,
        afterBreak: false,
        lastBarAt: null,
        snapshot: null,
        spark: [],
      })),
    onDidChangeFollowed: (l) => changed.event(l),
    onDidChangeFigures: (l) => figures.event(l),
  };
}

/** Timers the test fires by hand. */
function manualTimers(): Timers & { runAll(): void } {
  const due = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout(fn) {
      due.set(++next, fn);
      return next;
    },
    clearTimeout(h) {
      due.delete(h as number);
    },
    runAll() {
      const fns = [...due.values()];
      due.clear();
      for (const fn of fns) fn();
    },
  };
}

describe('watchlist service: the persisted list and its pushes', () => {
  let dir: string;
  let store: SqliteTickStore;
  let pushed: { event: string; payload: unknown }[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-watchlist-'));
    store = openStore(join(dir, 'db.sqlite'));
    pushed = [];
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (source = fakeSource(), timers = manualTimers()) => {
    const hub = new EventHub();
    hub.subscribe((event, payload) => pushed.push({ event, payload }));
    return { source, timers, svc: createWatchlistService({ db: store.db, hub, source, timers, now: () => 1000 }) };
  };

  it('adds and removes pairs, answers a valid list, and says when the set changed', async () => {
    const { svc } = open();
    const added = await svc.handlers['watchlist.add'](ETH);
    expect(watchListSchema.parse(added).rows.map((r) => r.pair)).toEqual([ETH]);
    expect(added.rows[0]).toMatchObject({ reasons: ['watchlist'], state: 'warming', z: null, spark: [] });
    await svc.handlers['watchlist.add'](SOL);
    // Adding the same pair twice keeps one row.
    await svc.handlers['watchlist.add'](ETH);
    expect((await svc.handlers['watchlist.list']({})).rows.map((r) => pairKey(r.pair))).toEqual([
      pairKey(ETH),
      pairKey(SOL),
    ]);
    const removed = await svc.handlers['watchlist.remove'](ETH);
    expect(removed.rows.map((r) => r.pair)).toEqual([SOL]);
    const changes = pushed.filter((p) => p.event === 'watchlist.onDidChange');
    expect(changes).toHaveLength(3);
    svc.dispose();
  });

  it('survives a restart: the list is read back from the database', async () => {
    const first = open();
    await first.svc.handlers['watchlist.add'](SOL);
    await first.svc.handlers['watchlist.add'](ETH);
    first.svc.dispose();
    store.close();
    store = openStore(join(dir, 'db.sqlite'));
    const second = open();
    expect(second.svc.pairs()).toEqual([SOL, ETH]);
    expect(second.source.set.pairsFor('watchlist')).toEqual([SOL, ETH]);
    second.svc.dispose();
  });

  it('refuses a malformed pair with a clear error', () => {
    const { svc } = open();
    expect(() => svc.handlers['watchlist.add']({ ...ETH, window: 3 })).toThrow(/window/);
    svc.dispose();
  });

  it('a pair an alert rule follows keeps its row when removed from the watchlist', async () => {
    const { svc, source } = open();
    await svc.handlers['watchlist.add'](ETH);
    source.set.set('alert', [ETH]);
    const rows = (await svc.handlers['watchlist.remove'](ETH)).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.reasons).toEqual(['alert']);
    svc.dispose();
  });

  it('coalesces figure changes into one update per interval with only the changed rows', async () => {
    const { svc, source, timers } = open();
    await svc.handlers['watchlist.add'](ETH);
    await svc.handlers['watchlist.add'](SOL);
    source.figures.fire([pairKey(ETH)]);
    source.figures.fire([pairKey(ETH)]);
    expect(pushed.filter((p) => p.event === 'watchlist.onDidUpdate')).toHaveLength(0);
    timers.runAll();
    const updates = pushed.filter((p) => p.event === 'watchlist.onDidUpdate');
    expect(updates).toHaveLength(1);
    expect((updates[0]!.payload as { rows: { pair: PairSpec }[] }).rows.map((r) => r.pair)).toEqual([ETH]);
    svc.dispose();
  });
});
