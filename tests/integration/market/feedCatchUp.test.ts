import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteTickStore } from '../../../src/engine/store';
import { startFakeBinance, tradesFromTicks, mergeByEventTime } from '../../support/fakeBinance';
import { feedHarness } from '../../support/feedHarness';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const harness = feedHarness();
afterEach(harness.cleanup);

function storedIds(store: SqliteTickStore, symbol: string): number[] {
  return [...store.iterateTicks({ symbol })].map((t) => t.tradeId).sort((a, b) => a - b);
}

/** Every trade the feed handed to the sink, and how often: each should be there exactly once. */
function deliveredTwice(pushes: Map<string, number>): string[] {
  return [...pushes].filter(([, n]) => n !== 1).map(([k]) => k);
}

// Synthetic trades are from 2024: lift the 24 h start-up bound where the store starts non-empty.
const NO_BACKFILL_BOUND = { maxBackfillMs: Number.MAX_SAFE_INTEGER };

describe('catching up over REST after every (re)connect', () => {
  it('stores every trade exactly once through several cuts, the last one followed by silence', async () => {
    const btc = syntheticTicks({ symbol: 'BTCUSDT', count: 1500, seed: 51, firstId: 2_000_000, meanGapMs: 40 });
    const eth = syntheticTicks({
      symbol: 'ETHUSDT',
      count: 1000,
      seed: 52,
      firstId: 4_000_000,
      meanGapMs: 60,
      startPrice: 3000,
    });
    const trades = mergeByEventTime(tradesFromTicks(btc), tradesFromTicks(eth));
    const lostPerDrop = 120;
    // The last cut swallows the end of the timeline: nothing live ever follows it.
    const dropAfter = [300, 700, 1200, 1800, trades.length - 1 - lostPerDrop];
    const fake = await startFakeBinance({ trades, dropAfter, lostPerDrop, lossMayEndTimeline: true, burst: 50 });
    harness.defer(() => fake.close());
    const store = harness.tempStore();
    const { feed, ingestor, pushes } = await harness.runFeed(fake, store, ['BTCUSDT', 'ETHUSDT']);
    await fake.finished;
    expect(fake.stats.drops).toBe(dropAfter.length);
    await waitFor(
      () =>
        feed.idle &&
        (ingestor.flush(),
        store.countTicks({ symbol: 'BTCUSDT' }) + store.countTicks({ symbol: 'ETHUSDT' }) === trades.length),
      'every trade stored, the quiet tail included',
    );
    expect(storedIds(store, 'BTCUSDT')).toEqual(btc.map((t) => t.tradeId));
    expect(storedIds(store, 'ETHUSDT')).toEqual(eth.map((t) => t.tradeId));
    expect(pushes.size).toBe(trades.length);
    expect(deliveredTwice(pushes)).toEqual([]);
    expect(store.listGaps().length).toBeGreaterThan(0);
    expect(store.listGaps().filter((g) => g.filledAt === null)).toEqual([]);
    const st = feed.status();
    expect(st.reduce((s, x) => s + x.gapsFilled, 0)).toBe(st.reduce((s, x) => s + x.gapsFound, 0));
  });

  it('fetches what was published during a cut while the market stays quiet, then live resumes without doubles', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 1000, seed: 53, firstId: 600_000 });
    const fake = await startFakeBinance({ trades: tradesFromTicks(ticks), autoplay: false, startAt: 100 });
    harness.defer(() => fake.close());
    const store = harness.tempStore();
    store.insertTicks(ticks.slice(0, 100));
    const { feed, ingestor, pushes } = await harness.runFeed(fake, store, ['BTCUSDT'], NO_BACKFILL_BOUND);
    await waitFor(() => fake.openConnections() === 1 && feed.idle, 'connected and caught up');
    expect(feed.status()[0]!.gapsFound).toBe(0);

    fake.dropAll();
    fake.publishOffline(300);
    await waitFor(
      () => feed.idle && (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === 400),
      'the 300 trades of the cut, with no live trade to reveal them',
    );
    expect(fake.stats.connections).toBe(2);
    expect(fake.stats.restRequests.some((r) => r.includes(`fromId=${ticks[100]!.tradeId}`))).toBe(true);

    fake.play();
    await fake.finished;
    await waitFor(
      () => feed.idle && (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === 1000),
      'the live rest',
    );
    expect(storedIds(store, 'BTCUSDT')).toEqual(ticks.map((t) => t.tradeId));
    expect(pushes.size).toBe(900);
    expect(deliveredTwice(pushes)).toEqual([]);
    expect(feed.status()[0]).toMatchObject({ gapsFound: 1, gapsFilled: 1 });
    expect(store.listGaps()).toMatchObject([
      { symbol: 'BTCUSDT', fromId: ticks[100]!.tradeId, toId: ticks[399]!.tradeId },
    ]);
    expect(store.listGaps()[0]!.filledAt).not.toBeNull();
  });

  it('at start, fetches the trades published since the store last saw one even if none follows', async () => {
    const ticks = syntheticTicks({ symbol: 'ETHUSDT', count: 2500, seed: 54, firstId: 10, startPrice: 3000 });
    // The app quit after trade 99; the market went on to trade 2499 and is quiet now.
    const fake = await startFakeBinance({ trades: tradesFromTicks(ticks), autoplay: false, startAt: 2500 });
    harness.defer(() => fake.close());
    const store = harness.tempStore();
    store.insertTicks(ticks.slice(0, 100));
    const { feed, ingestor, pushes } = await harness.runFeed(fake, store, ['ETHUSDT'], NO_BACKFILL_BOUND);
    await waitFor(
      () => feed.idle && (ingestor.flush(), store.countTicks({ symbol: 'ETHUSDT' }) === 2500),
      'everything REST knows',
    );
    expect(storedIds(store, 'ETHUSDT')).toEqual(ticks.map((t) => t.tradeId));
    expect(deliveredTwice(pushes)).toEqual([]);
    // three pages: 1000 + 1000 + 400 (a short page means REST has nothing newer)
    expect(fake.stats.restRequests.filter((r) => r.startsWith('/fapi/v1/aggTrades'))).toHaveLength(3);
  });
});

describe('finish(): the last catch-up before a recorder exits', () => {
  it('fetches the trades published during a last disconnect the stream never came back from', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 500, seed: 55, firstId: 42_000 });
    // One connection only: after the cut every reconnect is refused, so no catch-up on reconnect.
    const fake = await startFakeBinance({
      trades: tradesFromTicks(ticks),
      dropAfter: [399],
      lostPerDrop: 100,
      lossMayEndTimeline: true,
      maxConnections: 1,
    });
    harness.defer(() => fake.close());
    const store = harness.tempStore();
    const { feed, ingestor, events, pushes } = await harness.runFeed(fake, store, ['BTCUSDT']);
    await fake.finished;
    const refused = () =>
      events.some((e) => e.type === 'unreachable' && e.via === 'stream' && e.url.startsWith(fake.wsUrl));
    await waitFor(
      () => refused() && (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === 400),
      'the live part stored, a reconnect refused',
    );

    const result = await feed.finish({ catchUpMs: 20_000 });
    ingestor.flush();
    expect(result).toEqual({ complete: true });
    expect(storedIds(store, 'BTCUSDT')).toEqual(ticks.map((t) => t.tradeId));
    expect(deliveredTwice(pushes)).toEqual([]);
    expect(feed.status()[0]).toMatchObject({ state: 'stopped', gapsFound: 1, gapsFilled: 1 });
    const connections = fake.stats.connections + fake.stats.refused;
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.stats.connections + fake.stats.refused).toBe(connections); // no reconnect after finish
  });

  it('says which symbol it could not catch up when REST does not answer in time', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 300, seed: 56, firstId: 7 });
    const fake = await startFakeBinance({
      trades: tradesFromTicks(ticks),
      dropAfter: [199],
      lostPerDrop: 100,
      lossMayEndTimeline: true,
      maxConnections: 1,
    });
    harness.defer(() => fake.close());
    const store = harness.tempStore();
    const { feed, ingestor, events } = await harness.runFeed(fake, store, ['BTCUSDT']);
    await fake.finished;
    await waitFor(
      () => fake.stats.refused >= 1 && (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === 200),
      'the live part stored',
    );
    fake.refuseRest(true);

    const result = await feed.finish({ catchUpMs: 50 });
    expect(result).toEqual({ complete: false });
    const unfinished = events.filter((e) => e.type === 'catch-up-unfinished');
    expect(unfinished).toHaveLength(1);
    expect(unfinished[0]).toMatchObject({ symbol: 'BTCUSDT', fromId: ticks[200]!.tradeId });
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(200);
  });
});
