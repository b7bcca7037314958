import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { Engine } from '../../../src/engine/engine';
import { BAR_CSV_HEADER, exportBars } from '../../../src/engine/export/exportData';
import {
  createExportJob,
  exportToFile,
  ownReadConnection,
  SERIES_CSV_HEADER,
  type ExportJob,
} from '../../../src/engine/export/exportJob';
import { startApiServer, type ApiServer } from '../../../src/engine/serve/apiServer';
import { DownloadRegistry } from '../../../src/engine/serve/downloads';
import { createWsApi } from '../../../src/renderer/api/wsApi';

let dir: string;
let engine: Engine;
let server: ApiServer | null = null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-export-'));
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

async function collect(job: ExportJob): Promise<string> {
  let text = '';
  await job.run(new Writable({ write: (c, _e, cb) => ((text += c), cb()) }));
  return text;
}

describe('exports from the app', () => {
  it('browser mode: export.run answers with a one-time download link that streams the same CSV as the CLI', async () => {
    const downloads = new DownloadRegistry();
    engine.setExportTarget(downloads);
    server = await startApiServer({ port: 0, dispatcher: engine.dispatcher, hub: engine.hub, downloads });
    const api = createWsApi(server.wsUrl, WebSocket as never);
    await api.ready();
    const progress: { done: boolean; rows: number }[] = [];
    api.on('export.onDidProgress', (p) => progress.push(p));
    const result = await api.invoke('export.run', { kind: 'bars', symbol: 'btcusdt', tf: '1m', format: 'csv' });
    expect(result.status).toBe('download');
    if (result.status !== 'download') return;
    expect(result.fileName).toBe('BTCUSDT-1m-bars.csv');

    const base = server.url.replace(/\/\?token=.*$/, '');
    expect((await fetch(`${base}${result.url}`)).status).toBe(403);
    const res = await fetch(`${base}${result.url}?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('BTCUSDT-1m-bars.csv');
    const body = await res.text();

    let expected = '';
    await exportBars(engine.store, new Writable({ write: (c, _e, cb) => ((expected += c), cb()) }), {
      symbol: 'BTCUSDT',
      tf: '1m',
      format: 'csv',
    });
    expect(body).toBe(expected);
    expect(body.split('\n')[0]).toBe(BAR_CSV_HEADER);
    expect(body.trim().split('\n')).toHaveLength(1 + engine.store.getBars({ symbol: 'BTCUSDT', tf: '1m' }).length);
    // The link works once.
    expect((await fetch(`${base}${result.url}?token=${server.token}`)).status).toBe(404);
    await expect.poll(() => progress.some((p) => p.done)).toBe(true);
    api.close();
  });

  it('refuses bad export requests with a clear error', async () => {
    engine.setExportTarget(new DownloadRegistry());
    const r = await engine.dispatcher.dispatch('export.run', { kind: 'bars', symbol: 'BTCUSDT', format: 'csv' });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!r.ok) expect(r.error.message).toMatch(/tf/);
  });

  it('exports the analytics series as CSV, one row per rolling point', async () => {
    const job = createExportJob(
      ownReadConnection(engine.store),
      { kind: 'series', pair: { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 10 }, format: 'csv' },
      's1',
    );
    const lines = (await collect(job)).trim().split('\n');
    expect(lines[0]).toBe(SERIES_CSV_HEADER);
    expect(lines.length).toBeGreaterThan(15);
    const last = lines[lines.length - 1].split(',');
    expect(last).toHaveLength(SERIES_CSV_HEADER.split(',').length);
    expect(Number.isFinite(Number(last[8]))).toBe(true); // z of the latest point
  });

  it('a file export is written whole or not at all', async () => {
    const path = join(dir, 'ticks.csv');
    const job = createExportJob(
      ownReadConnection(engine.store),
      { kind: 'ticks', symbol: 'ETHUSDT', format: 'csv' },
      't1',
    );
    const rows = await exportToFile(job, path);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(rows + 1);
    expect(existsSync(`${path}.partial`)).toBe(false);

    const failing: ExportJob = {
      ...job,
      run: async (out) => (out.write('ts,half\n'), Promise.reject(new Error('disk full'))),
    };
    const other = join(dir, 'broken.csv');
    await expect(exportToFile(failing, other)).rejects.toThrow('disk full');
    expect(existsSync(other)).toBe(false);
    expect(existsSync(`${other}.partial`)).toBe(false);
  });
});
