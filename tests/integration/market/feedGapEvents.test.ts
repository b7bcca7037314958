import { afterEach, describe, expect, it } from 'vitest';
import { BinanceFeed, type FeedStore } from '../../../src/engine/feed/binanceFeed';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import type { GapEvent } from '../../../src/engine/ports';
import { startFakeBinance, tradesFromTicks } from '../../support/fakeBinance';
import { feedHarness } from '../../support/feedHarness';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const harness = feedHarness();
afterEach(harness.cleanup);

describe('the feed reports gaps; the ingestor alone writes them', () => {
  it('a dropped connection is reported to the sink as found, then filled, and logged by the ingestor', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 600, seed: 31, firstId: 1000, meanGapMs: 20 });
    const fake = await startFakeBinance({ trades: tradesFromTicks(ticks), dropAfter: [200], lostPerDrop: 25 });
    harness.defer(() => fake.close());
    const store = harness.tempStore();
    const ingestor = createIngestor({ store, flushMs: 5 });
    const gaps: GapEvent[] = [];
    // The feed may only read where a symbol left off: any write through its store would throw.
    const readOnly: FeedStore = { lastTick: (symbol) => store.lastTick(symbol) };
    const feed = new BinanceFeed({
      symbols: ['BTCUSDT'],
      wsUrl: fake.wsUrl,
      restUrl: fake.restUrl,
      store: readOnly,
      sink: {
        push: (t) => ingestor.push(t),
        reject: (symbol, reason) => ingestor.reject(symbol, reason),
        gap: (e) => {
          gaps.push(e);
          ingestor.gap(e);
        },
      },
      reconnectBaseMs: 2,
      reconnectMaxMs: 20,
      restRetryBaseMs: 5,
      catchUpGraceMs: 100,
    });
    harness.defer(async () => {
      await feed.stop();
      ingestor.close();
    });
    await feed.start();
    await fake.finished;
    await waitFor(
      () => feed.idle && (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === 600),
      'all trades stored',
    );
    const found = gaps.filter((g) => g.type === 'found');
    expect(found.length).toBeGreaterThan(0);
    expect(gaps.filter((g) => g.type === 'unfillable')).toEqual([]);
    for (const f of found) {
      expect(gaps).toContainEqual(
        expect.objectContaining({ type: 'filled', symbol: 'BTCUSDT', fromId: f.fromId, toId: f.toId }),
      );
    }
    const logged = store.listGaps();
    expect(logged.map((g) => [g.fromId, g.toId])).toEqual(found.map((g) => [g.fromId, g.toId]));
    expect(logged.every((g) => g.filledAt !== null)).toBe(true);
  });
});
