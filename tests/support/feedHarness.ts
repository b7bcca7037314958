import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinanceFeed, type FeedEvent } from '../../src/engine/feed/binanceFeed';
import { createIngestor } from '../../src/engine/ingest/ingestor';
import { openStore, type SqliteTickStore } from '../../src/engine/store';
import type { FakeBinance } from './fakeBinance';

type FeedOptions = ConstructorParameters<typeof BinanceFeed>[0];

/**
 * A feed wired to a fresh store and ingestor against the fake server, with fast retry
 * timings; `cleanup()` (call it in afterEach) stops and removes everything it made.
 */
export function feedHarness() {
  const cleanups: (() => Promise<void> | void)[] = [];

  function tempStore(): SqliteTickStore {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-feed-'));
    const store = openStore(join(dir, 't.db'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => store.close());
    return store;
  }

  async function runFeed(
    fake: FakeBinance,
    store: SqliteTickStore,
    symbols: string[],
    extra: Partial<FeedOptions> = {},
  ) {
    const ingestor = createIngestor({ store, flushMs: 5 });
    const events: FeedEvent[] = [];
    // How often the feed handed each `SYMBOL:id` to the sink: the store is idempotent, so
    // only this shows whether a trade was delivered twice (live and refilled).
    const pushes = new Map<string, number>();
    const sink: FeedOptions['sink'] = {
      push: (ticks) => {
        for (const t of ticks)
          pushes.set(`${t.symbol}:${t.tradeId}`, (pushes.get(`${t.symbol}:${t.tradeId}`) ?? 0) + 1);
        ingestor.push(ticks);
      },
      reject: (symbol, reason) => ingestor.reject(symbol, reason),
      gap: (e) => ingestor.gap(e),
      storedCount: (symbol) => ingestor.storedCount(symbol),
    };
    const feed = new BinanceFeed({
      symbols,
      wsUrl: fake.wsUrl,
      restUrl: fake.restUrl,
      sink,
      store,
      reconnectBaseMs: 2,
      reconnectMaxMs: 20,
      restRetryBaseMs: 5,
      catchUpGraceMs: 100,
      onEvent: (e) => events.push(e),
      ...extra,
    });
    cleanups.push(async () => {
      await feed.stop();
      ingestor.close();
    });
    await feed.start();
    return { feed, ingestor, events, pushes };
  }

  return {
    tempStore,
    runFeed,
    /** Registers something else to undo (e.g. closing the fake server). */
    defer: (fn: () => Promise<void> | void) => void cleanups.push(fn),
    cleanup: async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    },
  };
}
