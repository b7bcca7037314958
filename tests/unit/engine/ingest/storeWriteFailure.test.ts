import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIngestor } from '../../../../src/engine/ingest/ingestor';
import { openStore, type SqliteTickStore } from '../../../../src/engine/store';
import { syntheticTicks } from '../../../support/syntheticTrades';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-store-fail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Disk full, simulated: the file may not grow past its current size. */
function freeze(store: SqliteTickStore): void {
  store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
}
function thaw(store: SqliteTickStore): void {
  store.db.pragma('max_page_count = 1073741823');
}
const barTrades = (store: SqliteTickStore) =>
  store.getBars({ symbol: 'BTCUSDT', tf: '1m' }).reduce((n, b) => n + b.trades, 0);

describe('ingestor over a store whose writes fail', () => {
  it('holds a bounded batch, retries on its timer instead of every push, and recovers', () => {
    const store = openStore(join(dir, 'full.db'));
    const timers: { fn: () => void; ms: number }[] = [];
    const errors: string[] = [];
    let recovered = 0;
    const ing = createIngestor({
      store,
      maxBatch: 100,
      maxPending: 1000,
      retryMs: 1000,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => (timers.length = 0),
      onError: (err) => errors.push((err as Error).message),
      onRecovered: () => recovered++,
    });
    const fire = () => timers.splice(0).forEach((t) => t.fn());
    let attempts = 0;
    const transaction = store.transaction;
    store.transaction = (fn) => (attempts++, transaction(fn));
    const ticks = syntheticTicks({ count: 3600, seed: 4, meanGapMs: 400 });

    ing.push(ticks.slice(0, 100));
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(100);
    freeze(store);
    ing.push(ticks.slice(100, 600)); // >= maxBatch: one attempt, which fails
    expect(errors).toEqual(['database or disk is full']);
    expect(ing.health()).toEqual({ writeError: 'database or disk is full', pendingTicks: 500, droppedTicks: 0 });
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    const before = attempts;
    ing.push(ticks.slice(600, 2600)); // no attempt per push while failing; the oldest beyond 1000 go
    expect(attempts).toBe(before);
    expect(ing.health()).toEqual({ writeError: 'database or disk is full', pendingTicks: 1000, droppedTicks: 1500 });
    // Nothing of a failed batch is half written: no tick, no bar.
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(100);
    expect(barTrades(store)).toBe(100);

    fire(); // still full: one more attempt, the timer is set again
    expect(attempts).toBe(before + 1);
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    expect(recovered).toBe(0);

    thaw(store);
    fire();
    expect(recovered).toBe(1);
    expect(ing.health()).toEqual({ writeError: null, pendingTicks: 0, droppedTicks: 1500 });
    expect([...store.iterateTicks({ symbol: 'BTCUSDT' })].map((t) => t.tradeId)).toEqual(
      [...ticks.slice(0, 100), ...ticks.slice(1600, 2600)].map((t) => t.tradeId),
    );
    expect(barTrades(store)).toBe(1100);

    // Still failing at close: close returns, and says what it could not keep.
    freeze(store);
    ing.push(ticks.slice(2600, 3600));
    expect(() => ing.close()).not.toThrow();
    expect(ing.health()).toEqual({ writeError: 'database or disk is full', pendingTicks: 0, droppedTicks: 2500 });
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(1100);
    expect(store.integrityCheck()).toBe('ok');
    store.close();
  });

  it('without onError the failure reaches the caller (import fails), and close still ends', () => {
    const store = openStore(join(dir, 'throws.db'));
    const ing = createIngestor({
      store,
      maxBatch: 100,
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    freeze(store);
    expect(() => ing.push(syntheticTicks({ count: 3000, seed: 5 }))).toThrow('database or disk is full');
    expect(() => ing.close()).toThrow('database or disk is full');
    expect(() => ing.push([])).toThrow(/closed/);
    store.close();
  });
});
