import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { startApiServer, type ApiServer } from '../../../src/engine/serve/apiServer';
import { DownloadRegistry } from '../../../src/engine/serve/downloads';
import type { ExportProgress, ExportResult } from '../../../src/shared/contract';
import type { Tick } from '../../../src/shared/market';
import { syntheticTicks } from '../../support/syntheticTrades';

/**
 * A browser download must never hold the engine's database: while it streams (however
 * slowly) and after it is aborted, ingestion and alert saves keep working, and shutdown
 * completes (issue #11, item 7).
 */
let dir: string;
let engine: Engine;
let downloads: DownloadRegistry;
let server: ApiServer | null = null;
let progress: ExportProgress[];
const COUNT = 150_000; // ~8 MB of CSV: more than socket buffers hold, so a paused reader stalls the export
const history = syntheticTicks({ symbol: 'BTCUSDT', count: COUNT, seed: 9, firstId: 1, meanGapMs: 20 });
let nextId = COUNT + 1;

/** New trades after the history, as a live feed would push them. */
function moreTicks(n: number): Tick[] {
  const last = history[history.length - 1]!;
  return Array.from({ length: n }, () => ({ ...last, tradeId: nextId, ts: last.ts + nextId++ }));
}

/** Pushes and commits a batch through the engine's own connection; throws if it is busy. */
function ingest(n: number): void {
  const before = engine.store.countTicks({ symbol: 'BTCUSDT' });
  engine.ingestor.push(moreTicks(n));
  engine.ingestor.flush();
  expect(engine.store.countTicks({ symbol: 'BTCUSDT' })).toBe(before + n);
}

async function startExport(): Promise<string> {
  const r = await engine.dispatcher.dispatch('export.run', { kind: 'ticks', symbol: 'BTCUSDT', format: 'csv' });
  const result = r.ok ? (r.result as ExportResult) : null;
  if (result?.status !== 'download') throw new Error(`export.run: ${JSON.stringify(r)}`);
  return result.id;
}

const finished = () => progress.find((p) => p.done);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-download-'));
  engine = await Engine.open({ dbPath: join(dir, 'x.db'), source: { kind: 'none' } });
  engine.ingestor.push(history);
  engine.ingestor.flush();
  downloads = new DownloadRegistry();
  engine.setExportTarget(downloads);
  progress = [];
  engine.hub.subscribe((event, payload) => {
    if (event === 'export.onDidProgress') progress.push(payload as ExportProgress);
  });
});

afterEach(async () => {
  await server?.close();
  server = null;
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A response whose reader takes the first chunk and then stops reading until `release`. */
function pausedResponse() {
  const held: (() => void)[] = [];
  let gotFirst!: () => void;
  const firstChunk = new Promise<void>((r) => (gotFirst = r));
  const res = Object.assign(
    new Writable({
      highWaterMark: 1,
      write(_chunk, _enc, done) {
        held.push(done);
        gotFirst();
      },
    }),
    { writeHead: () => res },
  );
  return {
    res: res as unknown as ServerResponse & Writable,
    firstChunk,
    release: () => held.splice(0).forEach((d) => d()),
  };
}

describe('browser downloads and the engine database', () => {
  it('ingestion and alert saves succeed while a download is paused, and after it is aborted; then shutdown completes', async () => {
    const id = await startExport();
    const { res, firstChunk } = pausedResponse();
    const serving = downloads.serve(id, res);
    await firstChunk;
    // The export is stalled on its reader, mid-way through the rows.
    expect(finished()).toBeUndefined();
    ingest(500);
    const saved = await engine.dispatcher.dispatch('alerts.saveRule', {
      rule: {
        name: 'BTC crosses 100',
        kind: 'price',
        symbol: 'BTCUSDT',
        tf: '1m',
        op: 'crosses',
        level: 100,
        hysteresis: 0.5,
      },
    });
    expect(saved).toMatchObject({ ok: true });

    // The browser gives up: the export stops at once and says why.
    res.destroy();
    expect(await serving).toBe(true);
    expect(finished()).toMatchObject({ done: true, error: 'the download was closed before it finished' });
    ingest(500);
    await engine.stop();
    engine = await Engine.open({ dbPath: join(dir, 'x.db'), source: { kind: 'none' } }); // for afterEach; the file is intact
    expect(engine.store.countTicks({ symbol: 'BTCUSDT' })).toBe(COUNT + 1000);
  });

  it('over HTTP: a download aborted by the client ends its export; ingestion goes on and the server closes', async () => {
    server = await startApiServer({ port: 0, dispatcher: engine.dispatcher, hub: engine.hub, downloads });
    const id = await startExport();
    const base = server.url.replace(/\/\?token=.*$/, '');
    const abort = new AbortController();
    const res = await fetch(`${base}/download/${id}?token=${server.token}`, { signal: abort.signal });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).split('\n')[0]).toBe('ts,symbol,trade_id,price,size,is_buyer_maker');
    expect(finished()).toBeUndefined(); // the client stopped reading long before the end
    ingest(500);
    abort.abort();
    await reader.cancel().catch(() => undefined);
    await expect
      .poll(() => finished(), { timeout: 20_000 })
      .toMatchObject({ done: true, error: 'the download was closed before it finished' });
    ingest(500);
    await server.close();
    server = null;
  });

  it('closing the server ends a download that is still paused (shutdown does not wait for the browser)', async () => {
    server = await startApiServer({ port: 0, dispatcher: engine.dispatcher, hub: engine.hub, downloads });
    const id = await startExport();
    const base = server.url.replace(/\/\?token=.*$/, '');
    const res = await fetch(`${base}/download/${id}?token=${server.token}`);
    const reader = res.body!.getReader();
    await reader.read();
    expect(finished()).toBeUndefined();
    await server.close();
    server = null;
    await expect.poll(() => finished(), { timeout: 20_000 }).toMatchObject({ done: true });
    await reader.cancel().catch(() => undefined);
    ingest(10);
  });
});
