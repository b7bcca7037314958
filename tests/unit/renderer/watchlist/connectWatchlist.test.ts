import { describe, expect, it } from 'vitest';
import type { PairSpec } from '../../../../src/shared/contract';
import type { WatchList, WatchRow } from '../../../../src/shared/contract/watchlist';
import type { WatchlistPort } from '../../../../src/renderer/api/watchlistPort';
import { connectWatchlist, type RetryTimer, type WatchlistState } from '../../../../src/renderer/hooks/useWatchlist';
import { row } from './fixtures';

/** A fake engine: answers are resolved by the test, pushes are emitted by it. */
function fakePort() {
  const pending: { resolve: (l: WatchList) => void; reject: (e: Error) => void }[] = [];
  const updates = new Set<(u: { rows: WatchRow[] }) => void>();
  const changes = new Set<(l: WatchList) => void>();
  const port: WatchlistPort = {
    list: () => new Promise((resolve, reject) => pending.push({ resolve, reject })),
    add: async () => ({ rows: [] }),
    remove: async () => ({ rows: [] }),
    onDidUpdate: (l) => (updates.add(l), () => updates.delete(l)),
    onDidChange: (l) => (changes.add(l), () => changes.delete(l)),
  };
  return {
    port,
    pending,
    update: (rows: WatchRow[]) => updates.forEach((l) => l({ rows })),
    change: (rows: WatchRow[]) => changes.forEach((l) => l({ rows })),
    listeners: () => updates.size + changes.size,
  };
}

function manualTimer() {
  const due: (() => void)[] = [];
  const timer: RetryTimer = { set: (fn) => due.push(fn), clear: () => due.splice(0) };
  return { timer, fire: () => due.splice(0).forEach((f) => f()), count: () => due.length };
}

function harness() {
  let state: WatchlistState = { rows: [], loaded: false, error: null };
  const set = (u: (s: WatchlistState) => WatchlistState) => {
    state = u(state);
  };
  return { set, get: () => state };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const sol: Partial<PairSpec> = { y: 'SOLUSDT' };

describe('connectWatchlist', () => {
  it('loads the list, then merges pushed rows by pair key', async () => {
    const f = fakePort();
    const h = harness();
    connectWatchlist(f.port, h.set);
    f.pending[0]!.resolve({ rows: [row(), row({ pair: sol })] });
    await flush();
    expect(h.get()).toMatchObject({ loaded: true, error: null });
    f.update([row({ pair: sol, ts: 2_000, z: -2.2 })]);
    expect(h.get().rows.map((r) => r.z)).toEqual([0.5, -2.2]);
  });

  it('applies pushes that came before the first answer on top of it', async () => {
    const f = fakePort();
    const h = harness();
    connectWatchlist(f.port, h.set);
    f.update([row({ ts: 3_000, z: 1.7 })]);
    expect(h.get().rows).toEqual([]);
    f.pending[0]!.resolve({ rows: [row({ ts: 1_000, z: 0.1 })] });
    await flush();
    expect(h.get().rows[0]).toMatchObject({ ts: 3_000, z: 1.7 });
  });

  it('replaces the set on onDidChange, and an answer overtaken by it is not applied', async () => {
    const f = fakePort();
    const h = harness();
    connectWatchlist(f.port, h.set);
    f.change([row(), row({ pair: sol })]);
    f.pending[0]!.resolve({ rows: [row()] });
    await flush();
    expect(h.get().rows.map((r) => r.pair.y)).toEqual(['BTCUSDT', 'SOLUSDT']);
    f.change([row({ pair: sol })]);
    expect(h.get().rows.map((r) => r.pair.y)).toEqual(['SOLUSDT']);
  });

  it('says why a refused list is missing and asks again on the retry timer', async () => {
    const f = fakePort();
    const h = harness();
    const t = manualTimer();
    connectWatchlist(f.port, h.set, { timer: t.timer, retryMs: 10 });
    f.pending[0]!.reject(new Error('unknown channel watchlist.list'));
    await flush();
    expect(h.get()).toMatchObject({ loaded: true, error: 'unknown channel watchlist.list', rows: [] });
    expect(t.count()).toBe(1);
    t.fire();
    f.pending[1]!.resolve({ rows: [row()] });
    await flush();
    expect(h.get()).toMatchObject({ error: null, rows: [expect.objectContaining({ z: 0.5 })] });
  });

  it('lets go of every listener and the retry when disposed, and ignores a late answer', async () => {
    const f = fakePort();
    const h = harness();
    const t = manualTimer();
    const dispose = connectWatchlist(f.port, h.set, { timer: t.timer });
    expect(f.listeners()).toBe(2);
    dispose();
    expect(f.listeners()).toBe(0);
    f.pending[0]!.reject(new Error('late'));
    await flush();
    expect(h.get()).toEqual({ rows: [], loaded: false, error: null });
    expect(t.count()).toBe(0);
  });
});
