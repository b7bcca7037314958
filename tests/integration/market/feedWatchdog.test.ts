import { afterEach, describe, expect, it } from 'vitest';
import type { BinanceFeed } from '../../../src/engine/feed/binanceFeed';
import { startFakeBinance, tradesFromTicks, type FakeBinance } from '../../support/fakeBinance';
import { feedHarness } from '../../support/feedHarness';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const harness = feedHarness();
const cleanups = { push: harness.defer };
afterEach(harness.cleanup);

/** A feed on BTCUSDT over a fresh store; not started yet. */
async function setup(fake: FakeBinance, extra: Partial<ConstructorParameters<typeof BinanceFeed>[0]> = {}) {
  const store = harness.tempStore();
  const { feed, ingestor, events } = await harness.runFeed(fake, store, ['BTCUSDT'], extra);
  return { store, ingestor, events, feed };
}

describe('a connection that goes silent', () => {
  it('is replaced, and the trades published meanwhile are refilled', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 3000, seed: 5, firstId: 7_000_000 });
    const fake = await startFakeBinance({ trades: tradesFromTicks(ticks), burst: 20 });
    cleanups.push(() => fake.close());
    const { store, ingestor, events, feed } = await setup(fake, { silenceMs: 300 });
    await waitFor(() => fake.published() > 500, 'some trades published');
    // The server stops sending anything but keeps the socket open: a half-open connection.
    fake.pause();
    await waitFor(
      () => events.some((e) => e.type === 'control' && e.message.startsWith('reconnecting: no frame')),
      'silence detected',
    );
    await waitFor(() => fake.stats.connections >= 2, 'a new connection');
    fake.play();
    await fake.finished;
    await waitFor(
      () => feed.idle && (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === ticks.length),
      'every trade stored',
    );
    expect([...store.iterateTicks({ symbol: 'BTCUSDT' })].map((t) => t.tradeId)).toEqual(ticks.map((t) => t.tradeId));
  });

  it('a 418 ban during refill is waited out (Retry-After), then the refill completes', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 2000, seed: 8, firstId: 3_000_000 });
    const fake = await startFakeBinance({
      trades: tradesFromTicks(ticks),
      dropAfter: [400],
      rest418Once: true,
      retryAfterSec: 0.05,
    });
    cleanups.push(() => fake.close());
    const { store, ingestor, events, feed } = await setup(fake);
    await fake.finished;
    await waitFor(
      () => feed.idle && (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === ticks.length),
      'every trade stored',
    );
    expect(events.some((e) => e.type === 'rest' && e.detail.startsWith('banned 418, waiting 50 ms'))).toBe(true);
    expect(fake.stats.restRequests.length).toBeGreaterThanOrEqual(2);
    expect([...store.iterateTicks({ symbol: 'BTCUSDT' })].map((t) => t.tradeId)).toEqual(ticks.map((t) => t.tradeId));
  });
});
