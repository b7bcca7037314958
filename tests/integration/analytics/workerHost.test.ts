import { afterEach, describe, expect, it } from 'vitest';
import { AnalyticsWorkerHost, WorkerCallError } from '../../../src/engine/analytics/workerHost';
import { resolveWorkerEntry } from '../../../src/engine/analytics/workerEntry';
import { snapshotFromStore } from '../../../src/engine/analytics/snapshot';
import { fillSimulatedPair, tempDb, type PairDb } from './pairDb';

let db: PairDb | null = null;
let host: AnalyticsWorkerHost | null = null;
afterEach(async () => {
  await host?.dispose();
  host = null;
  db?.cleanup();
  db = null;
});

describe('analytics worker host', () => {
  it('resolves the tsx bootstrap when no bundled worker sits beside the code', () => {
    const e = resolveWorkerEntry();
    expect(e.file.pathname.endsWith('/workerBootstrap.mjs')).toBe(true);
    expect(e.tsEntry).toMatch(/\/worker\.ts$/);
  });

  it('answers a snapshot from its own read-only connection, equal to the in-process computation', async () => {
    db = tempDb();
    fillSimulatedPair(db.store, 900);
    host = new AnalyticsWorkerHost({ dbPath: db.dbPath });
    const spec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s' as const, window: 300 };
    const fromWorker = await host.call('snapshot', { spec });
    const local = snapshotFromStore(db.store, spec);
    expect(fromWorker.ok).toBe(true);
    if (!fromWorker.ok || !local.ok) return;
    expect(fromWorker.value).toEqual(local.value);
    expect(fromWorker.issues).toEqual(local.issues);
  });

  it('propagates an error thrown in the worker to the caller', async () => {
    db = tempDb();
    host = new AnalyticsWorkerHost({ dbPath: db.dbPath });
    // a window below 10 is refused: the throw must come back as a rejected call.
    await expect(
      host.call('follow', { specs: [{ y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 2 }], recent: 0 }),
    ).rejects.toBeInstanceOf(WorkerCallError);
    // …and the worker keeps serving afterwards.
    await expect(host.call('follow', { specs: [], recent: 0 })).resolves.toEqual({ following: 0, loaded: [] });
  });

  it('rejects pending and later calls once disposed', async () => {
    db = tempDb();
    host = new AnalyticsWorkerHost({ dbPath: db.dbPath });
    const pending = expect(
      host.call('snapshot', { spec: { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 300 } }),
    ).rejects.toThrow(/disposed/);
    await host.dispose();
    await pending;
    await expect(host.call('follow', { specs: [], recent: 0 })).rejects.toThrow(/disposed/);
  });

  it('fails every call when the worker cannot start (no database file)', async () => {
    let onExit: (e: Error) => void = () => undefined;
    const exited = new Promise<Error>((resolve) => (onExit = resolve));
    host = new AnalyticsWorkerHost({ dbPath: '/nonexistent/dir/x.db', onExit });
    await expect(host.call('follow', { specs: [], recent: 0 })).rejects.toThrow();
    expect((await exited).message).toMatch(/x\.db|directory|open/i);
    await expect(host.call('follow', { specs: [], recent: 0 })).rejects.toThrow();
  });
});
