import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesFromStore } from '../../../src/engine/analytics/series';
import {
  createExportJob,
  exportFileName,
  ownReadConnection,
  SERIES_CSV_HEADER,
} from '../../../src/engine/export/exportJob';
import type { PairSpec } from '../../../src/shared/contract';
import { fillSimulatedPair, tempDb, type PairDb } from '../analytics/pairDb';

let db: PairDb;
beforeAll(() => {
  db = tempDb('tickscope-series-export-');
  fillSimulatedPair(db.store, 600, { seed: 11 });
});
afterAll(() => db.cleanup());

async function exportCsv(pair: PairSpec): Promise<string[]> {
  let text = '';
  const job = createExportJob(ownReadConnection(db.store), { kind: 'series', pair, format: 'csv' }, 'x');
  await job.run(new Writable({ write: (c, _e, cb) => ((text += c), cb()) }));
  return text.trim().split('\n');
}

describe('the analytics series export carries the spread definition', () => {
  const base = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 120 } as const;

  it.each([
    [{}, 'raw', 'ols'],
    [{ mode: 'log', hedge: 'kalman' }, 'log', 'kalman'],
    [{ mode: 'raw', hedge: 'theil-sen' }, 'raw', 'theil-sen'],
    [{ mode: 'ratio' }, 'ratio', 'ols'],
  ] as const)(
    '%j: every row names it, and spread / z are that definition’s rolling series',
    async (def, mode, hedge) => {
      const pair: PairSpec = { ...base, ...def };
      const lines = await exportCsv(pair);
      expect(lines[0]).toBe(SERIES_CSV_HEADER);
      const cols = SERIES_CSV_HEADER.split(',');
      const { points } = seriesFromStore(db.store, pair, { from: 0 });
      expect(lines).toHaveLength(points.length + 1);
      const last = lines[lines.length - 1]!.split(',');
      expect(last.slice(-2)).toEqual([mode, hedge]);
      const p = points[points.length - 1]!;
      expect(Number(last[cols.indexOf('z')])).toBe(p.z);
      expect(Number(last[cols.indexOf('spread')])).toBe(p.spread);
    },
  );

  it('the definitions give different spreads, and the file name says which one it holds', async () => {
    const raw = (await exportCsv(base)).at(-1)!.split(',');
    const log = (await exportCsv({ ...base, mode: 'log', hedge: 'kalman' })).at(-1)!.split(',');
    expect(raw[6]).not.toBe(log[6]);
    expect(exportFileName({ kind: 'series', pair: base, format: 'csv' })).toBe('BTCUSDT-ETHUSDT-1s-w120-series.csv');
    expect(exportFileName({ kind: 'series', pair: { ...base, mode: 'log', hedge: 'kalman' }, format: 'csv' })).toBe(
      'BTCUSDT-ETHUSDT-1s-w120-log-kalman-series.csv',
    );
    expect(exportFileName({ kind: 'series', pair: { ...base, mode: 'ratio', hedge: 'kalman' }, format: 'csv' })).toBe(
      'BTCUSDT-ETHUSDT-1s-w120-ratio-series.csv',
    );
  });
});
