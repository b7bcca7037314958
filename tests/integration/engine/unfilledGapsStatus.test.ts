import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { engineStatusSchema } from '../../../src/shared/contract';
import type { Tick } from '../../../src/shared/market';

describe('engine status: the unfilled gaps of the database', () => {
  it('counts them and carries the one found last, until it is filled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-gap-status-'));
    const engine = await Engine.open({ dbPath: join(dir, 's.db'), source: { kind: 'none' } });
    try {
      expect(engine.status().unfilledGaps).toEqual({ count: 0, latest: null });
      const t0 = 1_723_161_256_000;
      const tick = (symbol: string, tradeId: number, ts: number): Tick => ({
        symbol,
        tradeId,
        ts,
        price: 100,
        size: 1,
        isBuyerMaker: false,
      });
      engine.ingestor.push([
        tick('BTCUSDT', 10, t0),
        tick('BTCUSDT', 20, t0 + 5000),
        tick('ETHUSDT', 3, t0 + 100),
        tick('ETHUSDT', 9, t0 + 7000),
      ]);
      engine.ingestor.flush();
      const btc = engine.store.recordGap({ symbol: 'BTCUSDT', fromId: 11, toId: 19, detectedAt: t0 + 5001 });
      engine.store.recordGap({ symbol: 'ETHUSDT', fromId: 4, toId: 8, detectedAt: t0 + 7001, reason: 'refill failed' });
      const status = engine.status();
      expect(engineStatusSchema.parse(status)).toEqual(status);
      expect(status.unfilledGaps).toEqual({
        count: 2,
        latest: { symbol: 'ETHUSDT', from: t0 + 100, to: t0 + 7000, firstMissingId: 4, lastMissingId: 8 },
      });
      engine.store.markGapFilled(btc, t0 + 9000);
      expect(engine.status().unfilledGaps?.count).toBe(1);
    } finally {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
