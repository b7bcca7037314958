import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICK_STREAM } from '../../../src/core/bus/tickMessage';
import { parseBusUrl } from '../../../src/engine/bus/busUrl';
import { NatsTickSource } from '../../../src/engine/bus/natsSource';
import { TickPublisher } from '../../../src/engine/bus/publisher';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { NATS_SKIP_REASON, natsServerBinary, startNatsCluster, type NatsFixture } from '../../support/natsServer';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const haveNats = natsServerBinary() !== null;
if (!haveNats) console.warn(`tick bus cluster test skipped: ${NATS_SKIP_REASON}`);

describe.skipIf(!haveNats)('tick bus on a 3-node JetStream cluster (R3 stream)', () => {
  let cluster: NatsFixture;
  let dir: string;
  beforeAll(async () => {
    cluster = await startNatsCluster(3);
    dir = mkdtempSync(join(tmpdir(), 'tickscope-bus-cluster-'));
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // A fail-over takes a leader election and a consumer restart; on a loaded machine, minutes.
  it(
    'keeps publishing and consuming with nothing lost when the stream leader is killed',
    { timeout: 600_000 },
    async () => {
      const trades = syntheticTicks({ symbol: 'BTCUSDT', count: 6000, seed: 21 });
      const address = parseBusUrl(cluster.url);
      const rec = openStore(join(dir, 'rec.db'));
      const recIngest = createIngestor({ store: rec });
      const pub = new TickPublisher({ address, db: rec.db, replicas: 3, ackTimeoutMs: 2000 });
      recIngest.addCommitHook(pub.enqueue);
      // The cluster elects its JetStream meta leader a moment after the nodes are up.
      await retry(() => pub.start());

      const desk = openStore(join(dir, 'desk.db'));
      const deskIngest = createIngestor({ store: desk });
      const source = new NatsTickSource({ address, symbols: ['BTCUSDT'], db: desk.db, sink: deskIngest });
      await source.start();

      const half = trades.length / 2;
      recIngest.push(trades.slice(0, half));
      recIngest.flush();
      await waitFor(() => pub.status().pending === 0, 'the first half acknowledged', 60_000);

      // Kill the node that leads the stream: the survivors elect a new leader.
      const nc = await connect({ servers: cluster.url });
      const leader = (await (await jetstreamManager(nc)).streams.info(TICK_STREAM)).cluster?.leader;
      await nc.close();
      expect(leader).toMatch(/^n[0-2]$/);
      await cluster.nodes[Number(leader!.slice(1))]!.kill();

      recIngest.push(trades.slice(half));
      recIngest.flush();
      await waitFor(() => pub.status().pending === 0, 'the second half acknowledged after fail-over', 240_000);
      await waitFor(
        () => {
          deskIngest.flush();
          return deskIngest.storedCount('BTCUSDT') === trades.length;
        },
        'the desk to hold every trade',
        240_000,
      );
      await source.stop();
      deskIngest.flush();
      source.dispose();
      await pub.stop();
      expect([...desk.iterateTicks({ symbol: 'BTCUSDT' })]).toEqual(trades);
      expect(deskIngest.stats().symbols[0]!.duplicates).toBe(0);
      for (const [i, s] of [recIngest, deskIngest].entries()) {
        s.close();
        (i === 0 ? rec : desk).close();
      }
    },
  );
});

/** A freshly formed cluster answers "no JetStream leader" for a moment: try again then. */
async function retry<T>(fn: () => Promise<T>, attempts = 60): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
