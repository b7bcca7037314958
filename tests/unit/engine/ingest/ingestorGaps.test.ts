import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIngestor } from '../../../../src/engine/ingest/ingestor';
import { openStore } from '../../../../src/engine/store';
import { syntheticTicks } from '../../../support/syntheticTrades';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-ingest-gaps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the ingestor keeps the gap log', () => {
  it('logs a found gap with the trades before it and marks it filled once its trades are stored', () => {
    const store = openStore(join(dir, 'gaps.db'));
    const timers: (() => void)[] = [];
    const ing = createIngestor({
      store,
      timers: { setTimeout: (fn) => timers.push(fn), clearTimeout: () => undefined },
    });
    const ticks = syntheticTicks({ count: 30, seed: 3, firstId: 1 });
    ing.push(ticks.slice(0, 10));
    ing.gap({ type: 'found', symbol: 'BTCUSDT', fromId: 11, toId: 20, at: 5000, reason: 'id jump in live stream' });
    // The gap is logged at once, in the same transaction as the ten trades pushed before it.
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(10);
    expect(store.listGaps()).toMatchObject([
      { symbol: 'BTCUSDT', fromId: 11, toId: 20, detectedAt: 5000, filledAt: null },
    ]);
    ing.push(ticks.slice(10, 20));
    ing.gap({ type: 'filled', symbol: 'BTCUSDT', fromId: 11, toId: 20, at: 6000 });
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(20);
    expect(store.listGaps()).toMatchObject([{ fromId: 11, toId: 20, filledAt: 6000 }]);
    // A gap the feed cannot refill is logged and stays open; a 'filled' for no found gap changes nothing.
    ing.gap({ type: 'unfillable', symbol: 'BTCUSDT', fromId: 40, toId: 45, at: 7000, reason: 'trade stream' });
    ing.gap({ type: 'filled', symbol: 'BTCUSDT', fromId: 40, toId: 45, at: 8000 });
    expect(store.listGaps().map((g) => [g.fromId, g.filledAt])).toEqual([
      [11, 6000],
      [40, null],
    ]);
    ing.close();
    store.close();
  });

  it('a gap event the failing store refused is logged, once, when the store takes writes again', () => {
    const store = openStore(join(dir, 'full.db'));
    const timers: (() => void)[] = [];
    const errors: string[] = [];
    const ing = createIngestor({
      store,
      timers: { setTimeout: (fn) => timers.push(fn), clearTimeout: () => undefined },
      onError: (err) => errors.push((err as Error).message),
    });
    const ticks = syntheticTicks({ count: 3000, seed: 5, firstId: 1 });
    ing.push(ticks.slice(0, 100));
    ing.flush();
    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    ing.push(ticks.slice(100));
    ing.gap({
      type: 'found',
      symbol: 'BTCUSDT',
      fromId: 101,
      toId: 3000,
      at: 1000,
      reason: 'published while disconnected',
    });
    ing.gap({ type: 'filled', symbol: 'BTCUSDT', fromId: 101, toId: 3000, at: 2000 });
    expect(errors.length).toBeGreaterThan(0);
    expect(store.listGaps()).toEqual([]);
    store.db.pragma('max_page_count = 1073741823');
    timers.splice(0).forEach((fn) => fn());
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(3000);
    expect(store.listGaps()).toMatchObject([{ fromId: 101, toId: 3000, detectedAt: 1000, filledAt: 2000 }]);
    ing.close();
    store.close();
  });
});
