import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { startFakeBinance, tradesFromTicks, type FakeBinance } from '../../support/fakeBinance';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

let dir: string | null = null;
let fake: FakeBinance | null = null;
let engine: Engine | null = null;

afterEach(async () => {
  await engine?.stop();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  engine = null;
  fake = null;
  dir = null;
});

describe('engine status counts', () => {
  it('a single NaN frame is one reject, not two (the feed and the ingest sink saw the same frame)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-rejects-'));
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 50, seed: 8 });
    fake = await startFakeBinance({ trades: tradesFromTicks(ticks), autoplay: false });
    engine = await Engine.open({
      dbPath: join(dir, 'r.db'),
      source: { kind: 'live', symbols: ['BTCUSDT'], wsUrl: fake.wsUrl, restUrl: fake.restUrl },
    });
    await engine.start();
    const live = fake;
    await waitFor(() => live.openConnections() === 1, 'connection');
    live.sendRaw(
      '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","s":"BTCUSDT","a":1,"p":"NaN","q":"1","T":5,"m":true}}',
    );
    live.play();
    await live.finished;
    const running = engine;
    await waitFor(() => (running.ingestor.flush(), running.store.countTicks({ symbol: 'BTCUSDT' }) === 50), 'stored');
    expect(running.ingestor.stats().rejectReasons).toEqual({ 'invalid price (NaN or not a number)': 1 });
    expect(running.status().symbols).toMatchObject([{ symbol: 'BTCUSDT', rejects: 1 }]);
  });
});
