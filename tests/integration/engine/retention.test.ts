import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import type { Tick } from '../../../src/shared/market';

describe('retention', () => {
  it('deletes ticks older than the setting at start and keeps their bars', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-retention-'));
    const dbPath = join(dir, 'r.db');
    const day = 86_400_000;
    const now = Date.now();
    const tick = (tradeId: number, ts: number): Tick => ({
      symbol: 'BTCUSDT',
      tradeId,
      ts,
      price: 100,
      size: 1,
      isBuyerMaker: false,
    });

    const first = await Engine.open({ dbPath, source: { kind: 'none' } });
    first.ingestor.push([tick(1, now - 3 * day), tick(2, now - 2 * day), tick(3, now - 1000)]);
    await first.stop();

    const second = await Engine.open({ dbPath, source: { kind: 'none' }, retentionDays: 1 });
    await second.start();
    expect([...second.store.iterateTicks({ symbol: 'BTCUSDT' })].map((t) => t.tradeId)).toEqual([3]);
    expect(second.store.getBars({ symbol: 'BTCUSDT', tf: '1d' }).reduce((n, b) => n + b.trades, 0)).toBe(3);
    await second.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});
