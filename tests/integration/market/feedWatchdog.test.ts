import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceFeed, type FeedEvent } from '../../../src/engine/feed/binanceFeed';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store';
import { startFakeBinance, tradesFromTicks } from '../../support/fakeBinance';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(fake: Awaited<ReturnType<typeof startFakeBinance>>, extra: Partial<ConstructorParameters<typeof BinanceFeed>[0]> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-feedwatch-'));
  const store = openStore(join(dir, 's.db'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  const ingestor = createIngestor({ store, flushMs: 5 });
  const events: FeedEvent[] = [];
  const feed = new BinanceFeed({
    symbols: ['BTCUSDT'],
    wsUrl: fake.wsUrl,
    restUrl: fake.restUrl,
    sink: ingestor,
    store,
    reconnectBaseMs: 2,
    reconnectMaxMs: 20,
    restRetryBaseMs: 5,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  cleanups.push(async () => {
    await feed.stop();
    ingestor.close();
  });
  return { store, ingestor, events, feed };
}

describe('a connection that goes silent', () => {
  it('is replaced, and the trades published meanwhile are refilled', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 3000, seed: 5, firstId: 7_000_000 });
    const fake = await startFakeBinance({ trades: tradesFromTicks(ticks), burst: 20 });
    cleanups.push(() => fake.close());
    const { store, ingestor, events, feed } = setup(fake, { silenceMs: 300 });
    await feed.start();
    await waitFor(() => fake.published() > 500, 'some trades published');
    // The server stops sending anything but keeps the socket open: a half-open connection.
    fake.pause();
    await waitFor(() => events.some((e) => e.type === 'control' && e.message.startsWith('reconnecting: no frame')), 'silence detected');
    await waitFor(() => fake.stats.connections >= 2, 'a new connection');
    fake.play();
    await fake.finished;
    await waitFor(() => feed.idle && (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === ticks.length), 'every trade stored');
    expect([...store.iterateTicks({ symbol: 'BTCUSDT' })].map((t) => t.tradeId)).toEqual(ticks.map((t) => t.tradeId));
  });

  it('a 418 ban during refill is waited out (Retry-After), then the refill completes', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 2000, seed: 8, firstId: 3_000_000 });
    const fake = await startFakeBinance({ trades: tradesFromTicks(ticks), dropAfter: [400], rest418Once: true, retryAfterSec: 0.05 });
    cleanups.push(() => fake.close());
    const { store, ingestor, events, feed } = setup(fake);
    await feed.start();
    await fake.finished;
    await waitFor(() => feed.idle && (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === ticks.length), 'every trade stored');
    expect(events.some((e) => e.type === 'rest' && e.detail.startsWith('banned 418, waiting 50 ms'))).toBe(true);
    expect(fake.stats.restRequests.length).toBeGreaterThanOrEqual(2);
    expect([...store.iterateTicks({ symbol: 'BTCUSDT' })].map((t) => t.tradeId)).toEqual(ticks.map((t) => t.tradeId));
  });
});
