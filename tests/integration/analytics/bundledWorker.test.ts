import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalyticsWorkerHost } from '../../../src/engine/analytics/workerHost';
import { resolveWorkerEntry } from '../../../src/engine/analytics/workerEntry';
import { fillSimulatedPair, tempDb } from './pairDb';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Inside the repo so the externalised dependencies (better-sqlite3, zod) resolve as they do
// from out/main; under node_modules/.cache so nothing here is committed or packaged.
const OUT = join(ROOT, 'node_modules', '.cache', `tickscope-analytics-worker-${process.pid}`);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('the bundled worker (what electron-vite emits as out/main/analyticsWorker.js)', () => {
  it('is picked by resolveWorkerEntry when it sits in the bundle directory, and runs without tsx', async () => {
    // The same kind of build electron-vite's main config makes: ESM, node target, deps external.
    await build({
      configFile: false,
      logLevel: 'silent',
      root: ROOT,
      build: {
        ssr: join(ROOT, 'src/engine/analytics/worker.ts'),
        outDir: OUT,
        emptyOutDir: true,
        minify: false,
        rollupOptions: { output: { format: 'es', entryFileNames: 'analyticsWorker.js' } },
      },
    });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'package.json'), '{"type":"module"}\n');

    const entry = resolveWorkerEntry({ bundleDir: OUT });
    expect(fileURLToPath(entry.file)).toBe(join(OUT, 'analyticsWorker.js'));
    expect(entry.tsEntry).toBeUndefined();

    const db = tempDb();
    const host = new AnalyticsWorkerHost({ dbPath: db.dbPath, entry });
    try {
      // The worker has opened its connection before these symbols exist: it must still see them.
      await host.call('follow', { specs: [], recent: 0 });
      fillSimulatedPair(db.store, 400);
      const snap = await host.call('snapshot', { spec: { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 120 } });
      expect(snap.ok).toBe(true);
    } finally {
      await host.dispose();
      db.cleanup();
    }
  });
});
