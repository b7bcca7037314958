import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICK_STREAM } from '../../../src/core/bus/tickMessage';
import { Engine } from '../../../src/engine/engine';
import { NATS_SKIP_REASON, natsServerBinary, startNats, type NatsFixture } from '../../support/natsServer';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const haveNats = natsServerBinary() !== null;
if (!haveNats) console.warn(`tick bus engine tests skipped: ${NATS_SKIP_REASON}`);

async function streamMessages(url: string): Promise<number> {
  const nc = await connect({ servers: url });
  try {
    return (await (await jetstreamManager(nc)).streams.info(TICK_STREAM)).state.messages;
  } catch {
    return 0;
  } finally {
    await nc.close();
  }
}

describe.skipIf(!haveNats)('the engine on the tick bus (recorder with publish, desk with a nats source)', () => {
  let nats: NatsFixture;
  let dir: string;
  beforeAll(async () => {
    nats = await startNats();
    dir = mkdtempSync(join(tmpdir(), 'tickscope-bus-engine-'));
  });
  afterAll(async () => {
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes what the user database stores, never the demo, and a desk switched to the bus over the contract consumes it', async () => {
    const trades = syntheticTicks({ symbol: 'BTCUSDT', count: 2000, seed: 8 });
    const recorder = await Engine.open({
      dbPath: join(dir, 'rec.db'),
      demoDir: join(dir, 'demo'),
      source: { kind: 'none' },
      publish: { url: nats.url },
    });
    await recorder.start();
    recorder.ingestor.push(trades);
    recorder.ingestor.flush();
    await waitFor(
      () => recorder.status().bus?.lagMessages === 0 && recorder.status().bus?.state === 'connected',
      'the recorder to publish',
      60_000,
    );
    expect(recorder.status().bus).toMatchObject({
      role: 'publish',
      url: nats.url,
      state: 'connected',
      lastError: null,
    });
    expect(await streamMessages(nats.url)).toBe(trades.length);

    // The demo runs on its own database: its invented trades never reach the bus.
    expect(await recorder.dispatcher.dispatch('system.setSource', { kind: 'demo' })).toMatchObject({ ok: true });
    await waitFor(() => recorder.status().symbols.some((s) => s.ticksStored > 0), 'the demo to trade', 60_000);
    recorder.ingestor.flush();
    expect(recorder.status().bus ?? null).toBeNull();
    expect(await recorder.dispatcher.dispatch('system.setSource', { kind: 'none' })).toMatchObject({ ok: true });
    await waitFor(() => recorder.status().bus?.state === 'connected', 'publishing again on the user database', 60_000);
    expect(await streamMessages(nats.url)).toBe(trades.length);
    await recorder.stop();

    const desk = await Engine.open({ dbPath: join(dir, 'desk.db'), source: { kind: 'none' } });
    await desk.start();
    const refused = await desk.dispatcher.dispatch('system.setSource', {
      kind: 'nats',
      url: 'http://not-a-bus',
      symbols: ['BTCUSDT'],
    });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/nats:\/\/HOST:PORT/) } });
    expect(
      await desk.dispatcher.dispatch('system.setSource', { kind: 'nats', url: nats.url, symbols: ['BTCUSDT'] }),
    ).toMatchObject({ ok: true });
    await waitFor(
      () => {
        desk.ingestor.flush();
        return desk.ingestor.storedCount('BTCUSDT') === trades.length;
      },
      'the desk to consume the stream',
      60_000,
    );
    const status = desk.status();
    expect(status.source).toBe('nats');
    expect(status.bus).toMatchObject({ role: 'consume', url: nats.url, state: 'connected', lagMessages: 0 });
    expect(desk.store.getBars({ symbol: 'BTCUSDT', tf: '1m' }).reduce((n, b) => n + b.trades, 0)).toBe(trades.length);
    await desk.stop();
  });
});
