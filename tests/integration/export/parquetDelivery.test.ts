import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { Engine } from '../../../src/engine/engine';
import { exportBars, exportTicks } from '../../../src/engine/export/exportData';
import { createExportJob, exportToFile, ownReadConnection } from '../../../src/engine/export/exportJob';
import { startApiServer, type ApiServer } from '../../../src/engine/serve/apiServer';
import { DownloadRegistry } from '../../../src/engine/serve/downloads';
import { createWsApi } from '../../../src/renderer/api/wsApi';
import { exportRequestSchema } from '../../../src/shared/contract';
import { asCsvLine, readParquet } from '../../support/readParquet';

let dir: string;
let engine: Engine;
let server: ApiServer | null = null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-parquet-app-'));
  engine = await Engine.open({ dbPath: join(dir, 'x.db'), source: { kind: 'none' } });
  const start = Date.UTC(2024, 7, 8, 23, 0);
  engine.ingestor.push(new CointegratedPairSim({ seed: 3, startMs: start }).advance(start + 20 * 60_000));
  engine.ingestor.flush();
});

afterEach(async () => {
  await server?.close();
  server = null;
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function csvOf(write: (out: Writable) => Promise<number>): Promise<{ columns: string[]; lines: string[] }> {
  let text = '';
  await write(new Writable({ write: (c, _e, cb) => ((text += c), cb()) }));
  const [header, ...lines] = text.trim().split('\n');
  return { columns: header!.split(','), lines };
}

describe('Parquet exports from the app', () => {
  it('the contract takes parquet for ticks and bars, not for the analytics series', () => {
    expect(exportRequestSchema.safeParse({ kind: 'ticks', symbol: 'BTCUSDT', format: 'parquet' }).success).toBe(true);
    expect(
      exportRequestSchema.safeParse({ kind: 'bars', symbol: 'BTCUSDT', tf: '1m', format: 'parquet' }).success,
    ).toBe(true);
    expect(
      exportRequestSchema.safeParse({
        kind: 'series',
        pair: { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 10 },
        format: 'parquet',
      }).success,
    ).toBe(false);
  });

  it('browser mode: the download is a Parquet file (binary content type) with the CSV export rows', async () => {
    const downloads = new DownloadRegistry();
    engine.setExportTarget(downloads);
    server = await startApiServer({ port: 0, dispatcher: engine.dispatcher, hub: engine.hub, downloads });
    const api = createWsApi(server.wsUrl, WebSocket as never);
    await api.ready();
    const result = await api.invoke('export.run', { kind: 'bars', symbol: 'btcusdt', tf: '1m', format: 'parquet' });
    expect(result).toMatchObject({ status: 'download', fileName: 'BTCUSDT-1m-bars.parquet' });
    if (result.status !== 'download') return;
    const base = server.url.replace(/\/\?token=.*$/, '');
    const res = await fetch(`${base}${result.url}?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const { rows } = await readParquet(new Uint8Array(await res.arrayBuffer()));

    const csv = await csvOf((out) => exportBars(engine.store, out, { symbol: 'BTCUSDT', tf: '1m', format: 'csv' }));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.map((r) => asCsvLine(r, csv.columns))).toEqual(csv.lines);
    api.close();
  });

  it('desktop mode (the save dialog path): the chosen file is a Parquet file with the CSV export rows', async () => {
    const path = join(dir, 'ETHUSDT-ticks.parquet');
    const job = createExportJob(
      ownReadConnection(engine.store),
      { kind: 'ticks', symbol: 'ETHUSDT', format: 'parquet' },
      't1',
    );
    expect(job.fileName).toBe('ETHUSDT-ticks.parquet');
    const count = await exportToFile(job, path);
    const { rows } = await readParquet(readFileSync(path));
    const csv = await csvOf((out) => exportTicks(engine.store, out, { symbol: 'ETHUSDT', format: 'csv' }));
    expect(rows).toHaveLength(count);
    expect(rows.map((r) => asCsvLine(r, csv.columns))).toEqual(csv.lines);
  });
});
