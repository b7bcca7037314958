import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickSubject, TICK_STREAM } from '../../../src/core/bus/tickMessage';
import { parseBusUrl } from '../../../src/engine/bus/busUrl';
import { NatsTickSource } from '../../../src/engine/bus/natsSource';
import { TickPublisher } from '../../../src/engine/bus/publisher';
import { createIngestor, type Ingestor } from '../../../src/engine/ingest/ingestor';
import { openStore, type SqliteTickStore } from '../../../src/engine/store/sqliteStore';
import type { Tick } from '../../../src/shared/market';
import { NATS_SKIP_REASON, natsServerBinary, startNats, type NatsFixture } from '../../support/natsServer';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const haveNats = natsServerBinary() !== null;
if (!haveNats) console.warn(`tick bus integration tests skipped: ${NATS_SKIP_REASON}`);

const N = 4000;
const trades: Tick[] = [
  ...syntheticTicks({ symbol: 'BTCUSDT', count: N, seed: 3 }),
  ...syntheticTicks({ symbol: 'ETHUSDT', count: N, seed: 4, startPrice: 2600, firstId: 5_000_000 }),
];

interface Desk {
  store: SqliteTickStore;
  ingestor: Ingestor;
}

function openDesk(dir: string, name: string): Desk {
  const store = openStore(join(dir, `${name}.db`));
  return { store, ingestor: createIngestor({ store }) };
}

function storedTicks(store: SqliteTickStore, symbol: string): Tick[] {
  return [...store.iterateTicks({ symbol })];
}

describe.skipIf(!haveNats)(
  'tick bus: recorders publish to JetStream, a desk consumes (nats-server on loopback)',
  () => {
    let nats: NatsFixture;
    let dir: string;
    beforeAll(async () => {
      nats = await startNats();
      dir = mkdtempSync(join(tmpdir(), 'tickscope-bus-'));
    });
    afterAll(async () => {
      await nats?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('two recorders publishing the same trades leave each trade in the stream once', async () => {
      const a = openDesk(dir, 'rec-a');
      const b = openDesk(dir, 'rec-b');
      const pubs = [a, b].map((d) => {
        const p = new TickPublisher({ address: parseBusUrl(nats.url), db: d.store.db });
        d.ingestor.addCommitHook(p.enqueue);
        return p;
      });
      await Promise.all(pubs.map((p) => p.start()));
      // Interleaved batches, as two recorders on the same symbols would store them.
      for (let i = 0; i < trades.length; i += 500) {
        a.ingestor.push(trades.slice(i, i + 500));
        b.ingestor.push(trades.slice(i, i + 500));
        a.ingestor.flush();
        b.ingestor.flush();
      }
      await waitFor(() => pubs.every((p) => p.status().pending === 0), 'both outboxes acknowledged');
      const sa = pubs[0]!.status();
      const sb = pubs[1]!.status();
      expect(sa.published + sb.published).toBe(2 * trades.length);
      expect(sa.duplicates + sb.duplicates).toBe(trades.length);

      const nc = await connect({ servers: nats.url });
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(TICK_STREAM, { subjects_filter: '>' });
      expect(info.state.messages).toBe(trades.length);
      expect(info.state.subjects).toEqual({ [tickSubject('BTCUSDT')]: N, [tickSubject('ETHUSDT')]: N });
      expect(info.config.duplicate_window).toBe(120e9);
      expect(info.config.storage).toBe(StorageType.File);
      await nc.close();
      for (const p of pubs) await p.stop();
      for (const d of [a, b]) {
        d.ingestor.close();
        d.store.close();
      }
    });

    it('a desk consumes every trade once, through the ingest pipeline, and resumes after its cursor', async () => {
      const desk = openDesk(dir, 'desk');
      const source = new NatsTickSource({
        address: parseBusUrl(nats.url),
        symbols: ['BTCUSDT', 'ETHUSDT'],
        db: desk.store.db,
        sink: desk.ingestor,
      });
      await source.start();
      await waitFor(() => {
        desk.ingestor.flush();
        return desk.ingestor.storedCount('BTCUSDT') + desk.ingestor.storedCount('ETHUSDT') === trades.length;
      }, 'the desk to store every trade');
      await source.stop();
      desk.ingestor.flush();
      source.dispose();
      for (const sym of ['BTCUSDT', 'ETHUSDT'])
        expect(storedTicks(desk.store, sym)).toEqual(trades.filter((t) => t.symbol === sym));
      // Bars were built on the way in, as for a live feed.
      expect(desk.store.getBars({ symbol: 'BTCUSDT', tf: '1m' }).reduce((n, bar) => n + bar.trades, 0)).toBe(N);
      expect(source.cursors()).toEqual({ [tickSubject('BTCUSDT')]: N, [tickSubject('ETHUSDT')]: 2 * N });

      // New trades after a restart: the cursor in SQLite says where to resume; nothing repeats.
      const more = syntheticTicks({
        symbol: 'BTCUSDT',
        count: 300,
        seed: 9,
        firstId: 1_000_000 + N,
        startMs: trades[N - 1]!.ts + 10,
      });
      const rec = openDesk(dir, 'rec-c');
      const pub = new TickPublisher({ address: parseBusUrl(nats.url), db: rec.store.db });
      rec.ingestor.addCommitHook(pub.enqueue);
      await pub.start();
      rec.ingestor.push(more);
      rec.ingestor.flush();
      await waitFor(() => pub.status().pending === 0, 'the new trades acknowledged');
      await pub.stop();

      const again = new NatsTickSource({
        address: parseBusUrl(nats.url),
        symbols: ['BTCUSDT'],
        db: desk.store.db,
        sink: desk.ingestor,
      });
      await again.start();
      await waitFor(() => {
        desk.ingestor.flush();
        return again.cursors()[tickSubject('BTCUSDT')] === 2 * N + 300;
      }, 'the desk to catch up after restarting');
      await again.stop();
      desk.ingestor.flush();
      again.dispose();
      const stats = desk.ingestor.stats().symbols.find((s) => s.symbol === 'BTCUSDT')!;
      expect(stats.duplicates).toBe(0);
      expect(storedTicks(desk.store, 'BTCUSDT')).toEqual([...trades.filter((t) => t.symbol === 'BTCUSDT'), ...more]);
      desk.ingestor.close();
      desk.store.close();
      rec.ingestor.close();
      rec.store.close();
    });

    it('a malformed message on a tick subject is rejected and counted, and consumption goes on', async () => {
      const nc = await connect({ servers: nats.url });
      const js = jetstream(nc);
      await js.publish(tickSubject('SOLUSDT'), 'not json');
      await js.publish(
        tickSubject('SOLUSDT'),
        JSON.stringify({
          symbol: 'SOLUSDT',
          tradeId: 1,
          ts: 1_723_161_256_000,
          price: 'NaN',
          size: 1,
          isBuyerMaker: true,
        }),
      );
      await js.publish(
        tickSubject('SOLUSDT'),
        JSON.stringify({
          symbol: 'SOLUSDT',
          tradeId: 2,
          ts: 1_723_161_256_001,
          price: 150.5,
          size: 2,
          isBuyerMaker: false,
        }),
      );
      await nc.close();
      const desk = openDesk(dir, 'desk-sol');
      const source = new NatsTickSource({
        address: parseBusUrl(nats.url),
        symbols: ['SOLUSDT'],
        db: desk.store.db,
        sink: desk.ingestor,
      });
      await source.start();
      await waitFor(() => {
        desk.ingestor.flush();
        return source.cursors()[tickSubject('SOLUSDT')] !== undefined && desk.ingestor.storedCount('SOLUSDT') === 1;
      }, 'the good message stored');
      await source.stop();
      source.dispose();
      expect(source.status()[0]!.rejects).toBe(2);
      expect(desk.ingestor.stats().rejectReasons).toEqual({
        'bus message is not JSON': 1,
        'invalid price (NaN or not a number)': 1,
      });
      expect(storedTicks(desk.store, 'SOLUSDT').map((t) => t.tradeId)).toEqual([2]);
      desk.ingestor.close();
      desk.store.close();
    });
  },
);
