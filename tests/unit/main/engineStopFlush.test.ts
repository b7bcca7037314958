import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { syntheticTicks } from '../../support/syntheticTrades';

// The engine side of the app's graceful shutdown (before-quit → engine.stop()): ticks still
// sitting in the ingestor's buffer when the user quits must reach the database.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('Engine.stop flushes the store', () => {
  it('buffered ticks (not yet flushed by the timer) are stored with their bars, and the db is closed cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-stop-'));
    dirs.push(dir);
    const dbPath = join(dir, 'tickscope.db');
    const engine = await Engine.open({ dbPath, source: { kind: 'none' }, statusEveryMs: 60_000 });
    await engine.start();
    const ticks = syntheticTicks({ count: 1234, seed: 7, meanGapMs: 20 });
    engine.ingestor.push(ticks);
    // Below maxBatch and before the 100 ms timer: nothing is in the database yet.
    expect(engine.store.countTicks({ symbol: 'BTCUSDT' })).toBe(0);
    await engine.stop();

    const store = openStore(dbPath, { readonly: true });
    try {
      expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(1234);
      const bars = store.getBars({ symbol: 'BTCUSDT', tf: '1s' });
      expect(bars.reduce((n, b) => n + b.trades, 0)).toBe(1234);
      expect(bars.at(-1)!.close).toBe(ticks.at(-1)!.price);
    } finally {
      store.close();
    }
  });

  it('pushes after stop are refused rather than silently lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-stop-'));
    dirs.push(dir);
    const engine = await Engine.open({ dbPath: join(dir, 't.db'), source: { kind: 'none' } });
    await engine.start();
    await engine.stop();
    expect(() => engine.ingestor.push(syntheticTicks({ count: 1 }))).toThrow(/closed/);
  });
});
