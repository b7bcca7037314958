import { afterEach, describe, expect, it } from 'vitest';
import type { AnalyticsService } from '../../../src/engine/analytics/service';
import { recordingHub, startService } from './liveService';
import { tempDb, type PairDb } from './pairDb';

let db: PairDb | null = null;
let service: AnalyticsService | null = null;
afterEach(async () => {
  await service?.dispose();
  db?.cleanup();
});

describe('analytics worker crashes', () => {
  it('a crash rejects the call with the reason, restarts a bounded number of times, and the engine keeps running', async () => {
    db = tempDb();
    const errors: unknown[] = [];
    const exits = new Set<string>();
    service = startService(db.store, db.dbPath, recordingHub(), {
      workerEntry: { file: new URL('./workers/crashOnFirstCall.mjs', import.meta.url) },
      maxRestarts: 2,
      onError: (e) => {
        errors.push(e);
        exits.add(String((e as Error).message));
      },
    });
    const spec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s' as const, window: 30 };
    await expect(service.handlers['analytics.watchPair'](spec)).rejects.toThrow(/exited with code 3/);
    // Each restart reloads the watched pair, which crashes it again, until the limit.
    while (service.stats().workerRestarts < 2 || errors.length < 3)
      await service.settled().then(() => new Promise((r) => setImmediate(r)));
    expect(service.stats().workerRestarts).toBe(2);
    expect([...exits].some((m) => /code 3/.test(m))).toBe(true);
    // Given up: later calls fail fast with the worker's exit reason instead of hanging.
    await expect(service.handlers['analytics.getSnapshot'](spec)).rejects.toThrow(/exited with code 3/);
    // Bars arriving meanwhile are not an error for the ingest path.
    expect(() => service!.onBars([])).not.toThrow();
  });
});
