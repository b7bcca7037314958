import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src/engine/api/eventHub';
import { runBacktestJob } from '../../../src/engine/backtest/backtestJob';
import { createBacktestJobs } from '../../../src/engine/backtest/backtestJobs';
import { resolveBacktestWorkerEntry } from '../../../src/engine/backtest/backtestWorkerEntry';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { backtestRunRequestSchema, type BacktestFinish } from '../../../src/shared/contract';
import { seedBars } from '../../support/seedBars';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Under node_modules/.cache so nothing here is committed or packaged (as bundledWorker.test.ts).
const OUT = join(ROOT, 'node_modules', '.cache', `tickscope-backtest-worker-${process.pid}`);
const dir = mkdtempSync(join(tmpdir(), 'tickscope-bt-bundle-'));
afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('the bundled backtest worker (what electron-vite emits as out/main/backtestWorker.js)', () => {
  it('is picked by resolveBacktestWorkerEntry in the bundle directory and runs a job without tsx', async () => {
    await build({
      configFile: false,
      logLevel: 'silent',
      root: ROOT,
      build: {
        ssr: join(ROOT, 'src/engine/backtest/backtestWorker.ts'),
        outDir: OUT,
        emptyOutDir: true,
        minify: false,
        rollupOptions: { output: { format: 'es', entryFileNames: 'backtestWorker.js' } },
      },
    });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'package.json'), '{"type":"module"}\n');

    const entry = resolveBacktestWorkerEntry({ bundleDir: OUT });
    expect(fileURLToPath(entry.file)).toBe(join(OUT, 'backtestWorker.js'));
    expect(entry.tsEntry).toBeUndefined();
    // Without a bundle beside it, the tsx bootstrap imports the TypeScript entry.
    expect(resolveBacktestWorkerEntry({ bundleDir: join(ROOT, 'docs') }).tsEntry).toMatch(
      /\/src\/engine\/backtest\/backtestWorker\.ts$/,
    );

    const db = join(dir, 'bt.db');
    seedBars(db, { count: 1800, endMs: 1_723_161_600_000 });
    const hub = new EventHub();
    const finished = new Promise<BacktestFinish>((resolve) =>
      hub.subscribe((e, p) => e === 'backtest.onDidFinish' && resolve(p as BacktestFinish)),
    );
    const jobs = createBacktestJobs({ dbPath: db, hub, entry });
    const req = backtestRunRequestSchema.parse({
      y: 'BTCUSDT',
      x: 'ETHUSDT',
      tf: '1s',
      window: [100, 200],
      entry: [1.5, 2],
    });
    try {
      jobs.handlers['backtest.run'](req);
      const f = await finished;
      const store = openStore(db, { readonly: true });
      try {
        expect(f).toMatchObject({ status: 'done', result: runBacktestJob(store, req) });
      } finally {
        store.close();
      }
    } finally {
      await jobs.dispose();
    }
  });
});
