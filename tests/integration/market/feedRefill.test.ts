import { afterEach, describe, expect, it } from 'vitest';
import { BinanceFeed } from '../../../src/engine/feed/binanceFeed';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import type { SqliteTickStore } from '../../../src/engine/store';
import { startFakeBinance, tradesFromTicks, mergeByEventTime, type FakeBinance } from '../../support/fakeBinance';
import { feedHarness } from '../../support/feedHarness';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const harness = feedHarness();
const { tempStore } = harness;
const cleanups = { push: harness.defer };
afterEach(harness.cleanup);

function storedIds(store: SqliteTickStore, symbol: string): number[] {
  return [...store.iterateTicks({ symbol })].map((t) => t.tradeId).sort((a, b) => a - b);
}

const runFeed = (
  fake: FakeBinance,
  store: SqliteTickStore,
  symbols: string[],
  stream: 'aggTrade' | 'trade' = 'aggTrade',
  extra = {},
) => harness.runFeed(fake, store, symbols, { stream, ...extra });

describe('BinanceFeed against the fake server', () => {
  it('stores exactly the server set through many random drops and a 429', async () => {
    const btc = syntheticTicks({ symbol: 'BTCUSDT', count: 6000, seed: 11, firstId: 5_000_000, meanGapMs: 40 });
    const eth = syntheticTicks({
      symbol: 'ETHUSDT',
      count: 4000,
      seed: 12,
      firstId: 9_000_000,
      meanGapMs: 60,
      startPrice: 3000,
    });
    const fake = await startFakeBinance({
      trades: mergeByEventTime(tradesFromTicks(btc), tradesFromTicks(eth)),
      dropProbability: 0.004,
      seed: 7,
      rest429Once: true,
      burst: 50,
    });
    cleanups.push(() => fake.close());
    const store = tempStore();
    const { feed, ingestor, events } = await runFeed(fake, store, ['btcusdt', 'ETHUSDT']);
    await fake.finished;
    await waitFor(
      () =>
        feed.idle &&
        (ingestor.flush(), storedIds(store, 'BTCUSDT').length + storedIds(store, 'ETHUSDT').length === 10_000),
      'all trades stored',
    );
    expect(fake.stats.drops).toBeGreaterThan(5);
    expect(storedIds(store, 'BTCUSDT')).toEqual(btc.map((t) => t.tradeId));
    expect(storedIds(store, 'ETHUSDT')).toEqual(eth.map((t) => t.tradeId));
    // every stored field equals what the server published
    expect([...store.iterateTicks({ symbol: 'ETHUSDT' })]).toEqual(eth);
    const st = feed.status();
    const gapsFound = st.reduce((s, x) => s + x.gapsFound, 0);
    expect(gapsFound).toBeGreaterThan(0);
    expect(st.reduce((s, x) => s + x.gapsFilled, 0)).toBe(gapsFound);
    expect(store.listGaps().every((g) => g.filledAt !== null)).toBe(true);
    expect(events.some((e) => e.type === 'rest' && e.detail.startsWith('rate-limited 429'))).toBe(true);
    expect(fake.stats.restRequests.some((r) => r.startsWith('/fapi/v1/aggTrades'))).toBe(true);
    expect(ingestor.stats().symbols.reduce((s, x) => s + x.rejects, 0)).toBe(0);
  });

  it('drops at many deterministic points, then a restart refills from the store', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 3000, seed: 21, firstId: 100, meanGapMs: 30 });
    const trades = tradesFromTicks(ticks);
    const fake = await startFakeBinance({
      trades: trades.slice(0, 2000),
      dropAfter: [0, 1, 50, 51, 400, 999, 1500],
      lostPerDrop: 10,
    });
    cleanups.push(() => fake.close());
    const store = tempStore();
    const first = await runFeed(fake, store, ['BTCUSDT']);
    await fake.finished;
    await waitFor(
      () => first.feed.idle && (first.ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === 2000),
      'first 2000 stored',
    );
    await first.feed.stop();
    first.ingestor.close();
    expect(storedIds(store, 'BTCUSDT')).toEqual(ticks.slice(0, 2000).map((t) => t.tradeId));

    // the "market" moved on while we were down: a new server knows trades we never saw live
    const fake2 = await startFakeBinance({ trades, startAt: 2500 });
    cleanups.push(() => fake2.close());
    // synthetic trades are from 2024: lift the 24 h start-up bound for this test
    const second = await runFeed(fake2, store, ['BTCUSDT'], 'aggTrade', { maxBackfillMs: Number.MAX_SAFE_INTEGER });
    await fake2.finished;
    await waitFor(
      () => second.feed.idle && (second.ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === 3000),
      'all 3000 stored',
    );
    expect(storedIds(store, 'BTCUSDT')).toEqual(ticks.map((t) => t.tradeId));
    expect(second.feed.status()[0]!.gapsFilled).toBe(1);
    expect(fake2.stats.restRequests.filter((r) => r.startsWith('/fapi/v1/aggTrades'))[0]).toContain(
      `fromId=${ticks[2000]!.tradeId}`,
    );
  });

  it('rejects unknown symbols up front and counts corrupt frames without crashing', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 200, seed: 3 });
    const fake = await startFakeBinance({
      trades: tradesFromTicks(ticks),
      autoplay: false,
      otherSymbols: [{ symbol: 'OLDUSDT', status: 'SETTLING' }],
    });
    cleanups.push(() => fake.close());
    const store = tempStore();
    const bad = new BinanceFeed({
      symbols: ['BTCUSDT', 'OLDUSDT', 'NOPEUSDT'],
      wsUrl: fake.wsUrl,
      restUrl: fake.restUrl,
      sink: createIngestor({ store }),
      store,
    });
    await expect(bad.start()).rejects.toThrow('not a trading USD-M futures symbol: OLDUSDT, NOPEUSDT');
    await bad.stop();
    const { feed, ingestor } = await runFeed(fake, store, ['BTCUSDT']);
    await waitFor(() => fake.openConnections() === 1, 'connection');
    fake.sendRaw(
      '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","s":"BTCUSDT","a":1,"p":"NaN","q":"1","T":5,"m":true}}',
    );
    fake.sendRaw('not json');
    fake.sendRaw(
      '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","s":"BTCUSDT","a":2,"p":"-3","q":"1","T":5,"m":true}}',
    );
    fake.sendRaw(
      '{"stream":"dogeusdt@aggTrade","data":{"e":"aggTrade","s":"DOGEUSDT","a":2,"p":"3","q":"1","T":5,"m":true}}',
    );
    fake.sendRaw(
      '{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}}',
    );
    fake.play();
    await fake.finished;
    await waitFor(() => (ingestor.flush(), store.countTicks({ symbol: 'BTCUSDT' }) === 200), 'stored');
    const reasons = ingestor.stats().rejectReasons;
    expect(reasons).toEqual({
      'invalid price (NaN or not a number)': 1,
      'malformed JSON': 1,
      'non-positive price': 1,
      'unknown symbol DOGEUSDT': 1,
    });
    expect(feed.status()[0]!.rejects).toBe(2);
  });

  it('subscribes and unsubscribes live, answers pings, and marks trade-stream gaps unfillable', async () => {
    const a = syntheticTicks({ symbol: 'BTCUSDT', count: 300, seed: 5, firstId: 1 });
    const b = syntheticTicks({ symbol: 'ETHUSDT', count: 300, seed: 6, firstId: 1 });
    const fake = await startFakeBinance({
      trades: mergeByEventTime(tradesFromTicks(a), tradesFromTicks(b)),
      dropAfter: [100],
      lostPerDrop: 5,
      autoplay: false,
    });
    cleanups.push(() => fake.close());
    const store = tempStore();
    const { feed, ingestor } = await runFeed(fake, store, ['BTCUSDT'], 'trade');
    await waitFor(() => fake.openConnections() === 1, 'connection');
    await feed.addSymbol('ethusdt');
    await waitFor(
      () => fake.stats.controlMessages.some((m) => m.includes('SUBSCRIBE') && m.includes('ethusdt@trade')),
      'SUBSCRIBE sent',
    );
    fake.ping();
    await waitFor(() => fake.stats.pongs === 1, 'pong');
    fake.play();
    await fake.finished;
    await waitFor(
      () => (
        ingestor.flush(),
        store.countTicks({ symbol: 'BTCUSDT' }) + store.countTicks({ symbol: 'ETHUSDT' }) >= 590
      ),
      'stored',
    );
    const gaps = store.listGaps();
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((g) => g.filledAt === null && /trade stream/.test(g.reason ?? ''))).toBe(true);
    const st = feed.status();
    expect(st.reduce((s, x) => s + x.gapsFound, 0)).toBe(gaps.length);
    expect(st.reduce((s, x) => s + x.gapsFilled, 0)).toBe(0);
    await feed.removeSymbol('ETHUSDT');
    expect(feed.status().map((s) => s.symbol)).toEqual(['BTCUSDT']);
  });
});
