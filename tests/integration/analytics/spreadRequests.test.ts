import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/engine/api/dispatcher';
import { seriesFromStore } from '../../../src/engine/analytics/series';
import type { AnalyticsService } from '../../../src/engine/analytics/service';
import { snapshotFromStore } from '../../../src/engine/analytics/snapshot';
import type { AnalyticsSnapshot, PairSpec, SeriesAnswer } from '../../../src/shared/contract';
import { fakeHandlers } from '../../support/fakeHandlers';
import { recordingHub, startService } from './liveService';
import { fillSimulatedPair, tempDb, type PairDb } from './pairDb';

let db: PairDb | null = null;
let service: AnalyticsService | null = null;
afterEach(async () => {
  await service?.dispose();
  service = null;
  db?.cleanup();
  db = null;
});

describe('analytics requests carry the spread definition through the worker', () => {
  it('getSnapshot and getSeries answer under the requested mode and hedge, as computed on the store', async () => {
    db = tempDb();
    fillSimulatedPair(db.store, 400, { seed: 3 });
    service = startService(db.store, db.dbPath, recordingHub());
    const dispatcher = createDispatcher(fakeHandlers(service.handlers));
    const base: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 120 };
    for (const def of [
      { mode: 'log', hedge: 'kalman' },
      { mode: 'raw', hedge: 'theil-sen' },
      { mode: 'ratio' },
    ] as const) {
      const spec: PairSpec = { ...base, ...def };
      const answer = await dispatcher.dispatch('analytics.getSnapshot', spec);
      expect(answer.ok).toBe(true);
      const snap = answer.ok ? (answer.result as AnalyticsSnapshot) : null;
      if (!snap?.ok) throw new Error('no snapshot');
      expect(snap.pair).toEqual(spec);
      expect([snap.value.mode, snap.value.hedge]).toEqual([def.mode, 'hedge' in def ? def.hedge : 'ols']);
      const direct = snapshotFromStore(db.store, spec);
      if (!direct.ok) throw new Error(direct.message);
      expect(snap.value.spread).toEqual(direct.value.spread);
      const got = await dispatcher.dispatch('analytics.getSeries', spec);
      if (!got.ok) throw new Error('no series');
      const series = got.result as SeriesAnswer;
      expect(series.pair).toEqual(spec);
      expect(series.points).toEqual(seriesFromStore(db.store, spec, {}).points);
    }
  });

  it('refuses an unknown spread definition as a bad request', async () => {
    db = tempDb();
    service = startService(db.store, db.dbPath, recordingHub());
    const dispatcher = createDispatcher(fakeHandlers(service.handlers));
    const r = await dispatcher.dispatch('analytics.getSnapshot', {
      y: 'BTCUSDT',
      x: 'ETHUSDT',
      tf: '1s',
      window: 120,
      mode: 'diff',
    } as unknown as PairSpec);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
