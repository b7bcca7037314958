import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/engine/api/dispatcher';
import type { AnalyticsService } from '../../../src/engine/analytics/service';
import { snapshotFromStore } from '../../../src/engine/analytics/snapshot';
import type { AnalyticsSnapshot } from '../../../src/shared/contract';
import { fakeHandlers } from '../../support/fakeHandlers';
import { recordingHub, startService } from './liveService';
import { tempDb, writeSyntheticBars, type PairDb } from './pairDb';

const N = 86_400;
let db: PairDb;
let service: AnalyticsService;

beforeAll(() => {
  db = tempDb();
  writeSyntheticBars(db.store, N);
  service = startService(db.store, db.dbPath, recordingHub());
});
afterAll(async () => {
  await service.dispose();
  db.cleanup();
});

describe('the main thread stays responsive while the worker computes', () => {
  it('a ping through the dispatcher answers while a full-day snapshot (ADF/coint on 86,400 points) runs', async () => {
    const dispatcher = createDispatcher(
      fakeHandlers({ 'system.ping': () => ({ now: Date.now() }), ...service.handlers }),
    );
    const order: string[] = [];
    const heavy = dispatcher
      .dispatch('analytics.getSnapshot', { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: N })
      .then((r) => {
        order.push('snapshot');
        return r;
      });
    // Ten pings, each a full turn of the event loop apart (setImmediate): on a blocked main
    // thread none could run before the snapshot's answer arrives.
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const ping = await dispatcher.dispatch('system.ping', {});
      expect(ping).toMatchObject({ ok: true });
      order.push('ping');
    }
    const r = await heavy;
    expect(order.slice(0, 10)).toEqual(Array(10).fill('ping'));
    expect(order.at(-1)).toBe('snapshot');

    // …and the heavy answer is right: the same figures computed in-process from the store.
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const snap = r.result as AnalyticsSnapshot;
    const ref = snapshotFromStore(db.store, { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: N });
    expect(snap.ok && ref.ok).toBe(true);
    if (snap.ok && ref.ok) {
      expect(snap.value.n).toBe(N);
      expect(snap.value.adf).not.toBeNull();
      expect(snap.value.coint).not.toBeNull();
      expect(snap.value).toEqual(ref.value);
    }
  });
});
