import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { openStore } from '../../../src/engine/store';
import { engineStatusSchema, type EngineLog } from '../../../src/shared/contract';
import { syntheticTicks } from '../../support/syntheticTrades';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-store-health-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the engine over a store whose writes fail (disk full)', () => {
  it('says so in the status and the log once, writes nothing half, and still shuts down', async () => {
    const dbPath = join(dir, 'full.db');
    const engine = await Engine.open({ dbPath, source: { kind: 'none' } });
    const logs: EngineLog[] = [];
    engine.hub.subscribe((event, payload) => {
      if (event === 'system.onDidLog') logs.push(payload as EngineLog);
    });
    const ticks = syntheticTicks({ count: 3000, seed: 12, meanGapMs: 300 });
    engine.ingestor.push(ticks.slice(0, 200));
    engine.ingestor.flush();
    expect(engine.status().store).toEqual({ state: 'ok', error: null, pendingTicks: 0, droppedTicks: 0 });

    const db = engine.store.db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    engine.ingestor.push(ticks.slice(200));
    expect(() => engine.ingestor.flush()).not.toThrow();
    engine.ingestor.flush(); // a second failure with the same error is not a second message
    const res = await engine.dispatcher.dispatch('system.getStatus', {});
    expect(res.ok).toBe(true);
    const status = engineStatusSchema.parse((res as { result: unknown }).result);
    expect(status.store).toEqual({
      state: 'write-failed',
      error: 'database or disk is full',
      pendingTicks: 2800,
      droppedTicks: 0,
    });
    expect(logs).toEqual([
      {
        level: 'error',
        message: 'The database does not take new ticks: database or disk is full. They are held and retried.',
      },
    ]);
    expect(engine.store.countTicks({ symbol: 'BTCUSDT' })).toBe(200);
    expect(engine.store.getBars({ symbol: 'BTCUSDT', tf: '1m' }).reduce((n, b) => n + b.trades, 0)).toBe(200);

    await engine.stop(); // returns although the last batch cannot be stored
    const after = openStore(dbPath);
    expect(after.countTicks({ symbol: 'BTCUSDT' })).toBe(200);
    expect(after.integrityCheck()).toBe('ok');
    after.close();
  });
});
