import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBusUrl } from '../../../src/engine/bus/busUrl';
import { BusConnectError, connectBus } from '../../../src/engine/bus/natsConnection';
import { NatsTickSource } from '../../../src/engine/bus/natsSource';
import { TickPublisher } from '../../../src/engine/bus/publisher';
import { BusConfigError } from '../../../src/engine/bus/tickStream';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { freePort, NATS_SKIP_REASON, natsServerBinary, startNats, type NatsFixture } from '../../support/natsServer';

const haveNats = natsServerBinary() !== null;
if (!haveNats) console.warn(`tick bus bad-input tests skipped: ${NATS_SKIP_REASON}`);

describe.skipIf(!haveNats)('tick bus: bad addresses, credentials and streams get one clear message', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-bus-bad-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an address where no server listens: refused at once, and a desk source stores nothing', async () => {
    const port = await freePort();
    await expect(connectBus(parseBusUrl(`nats://127.0.0.1:${port}`), { name: 't' })).rejects.toThrow(
      new BusConnectError(
        `cannot connect to nats://127.0.0.1:${port}: connection refused (is nats-server running there?)`,
      ),
    );
    const store = openStore(join(dir, 'unreachable.db'));
    const ingestor = createIngestor({ store });
    const source = new NatsTickSource({
      address: parseBusUrl(`nats://127.0.0.1:${port}`),
      symbols: ['BTCUSDT'],
      db: store.db,
      sink: ingestor,
    });
    await expect(source.start()).rejects.toThrow(/connection refused/);
    expect(source.busStatus()).toMatchObject({
      state: 'error',
      lastError: expect.stringContaining('connection refused'),
    });
    expect(store.listSymbols()).toEqual([]);
    ingestor.close();
    store.close();
  });

  it('wrong credentials: named as such, the password never in the message', async () => {
    const port = await freePort();
    const child = spawn(
      'nats-server',
      ['-a', '127.0.0.1', '-p', String(port), '--user', 'desk', '--pass', 'right-one'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await new Promise<void>((resolve) => {
        let log = '';
        const on = (d: Buffer) => {
          log += d.toString();
          if (/Server is ready/.test(log)) resolve();
        };
        child.stdout.on('data', on);
        child.stderr.on('data', on);
      });
      const err = await connectBus(parseBusUrl(`nats://desk:wrong-one@127.0.0.1:${port}`), { name: 't' }).catch(
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(BusConnectError);
      expect((err as Error).message).toBe(
        `cannot connect to nats://***@127.0.0.1:${port}: the server refused the credentials (authorization violation)`,
      );
      expect((err as Error).message).not.toContain('wrong-one');
      const ok = await connectBus(
        parseBusUrl(`nats://127.0.0.1:${port}`, { TICKSCOPE_NATS_USER: 'desk', TICKSCOPE_NATS_PASSWORD: 'right-one' }),
        { name: 't' },
      );
      await ok.close();
    } finally {
      child.kill('SIGKILL');
    }
  });

  describe('a TICKS stream made with other settings', () => {
    let nats: NatsFixture;
    beforeAll(async () => {
      nats = await startNats();
      const nc = await connect({ servers: nats.url });
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({
        name: 'TICKS',
        subjects: ['ticks.>'],
        storage: StorageType.Memory,
        duplicate_window: 10e9,
      });
      await nc.close();
    });
    afterAll(async () => nats?.stop());

    it('is refused with the differences named, and left as it is', async () => {
      const store = openStore(join(dir, 'rec.db'));
      const pub = new TickPublisher({ address: parseBusUrl(nats.url), db: store.db });
      const err = await pub.start().catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(BusConfigError);
      expect((err as Error).message).toBe(
        'stream TICKS exists with other settings: storage memory (want file); duplicate window 10 s (want 120 s or more)',
      );
      await pub.stop(0);
      const nc = await connect({ servers: nats.url });
      const info = await (await jetstreamManager(nc)).streams.info('TICKS');
      expect(info.config.storage).toBe(StorageType.Memory);
      await nc.close();
      store.close();
    });
  });
});
