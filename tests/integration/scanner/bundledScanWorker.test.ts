import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { scanUniverse } from '../../../src/core/scanner';
import { scanInPool } from '../../../src/engine/scanner/scanPool';
import { resolveScanWorkerEntry } from '../../../src/engine/scanner/scanWorkerEntry';
import { loadScanFixture } from '../../unit/core/scanner/scanFixture';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Under node_modules/.cache so nothing here is committed or packaged (as bundledWorker.test.ts).
const OUT = join(ROOT, 'node_modules', '.cache', `tickscope-scan-worker-${process.pid}`);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('the bundled scan worker (what electron-vite emits as out/main/scanWorker.js)', () => {
  it('is picked by resolveScanWorkerEntry in the bundle directory and scans without tsx', async () => {
    await build({
      configFile: false,
      logLevel: 'silent',
      root: ROOT,
      build: {
        ssr: join(ROOT, 'src/engine/scanner/scanWorker.ts'),
        outDir: OUT,
        emptyOutDir: true,
        minify: false,
        rollupOptions: { output: { format: 'es', entryFileNames: 'scanWorker.js' } },
      },
    });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'package.json'), '{"type":"module"}\n');

    const entry = resolveScanWorkerEntry({ bundleDir: OUT });
    expect(fileURLToPath(entry.file)).toBe(join(OUT, 'scanWorker.js'));
    expect(entry.tsEntry).toBeUndefined();
    // Without a bundle beside it, the tsx bootstrap imports the TypeScript entry.
    const dev = resolveScanWorkerEntry({ bundleDir: join(ROOT, 'docs') });
    expect(dev.tsEntry).toMatch(/\/src\/engine\/scanner\/scanWorker\.ts$/);

    const c = loadScanFixture().cases.thresholds!;
    const legs = [...c.series]
      .sort((p, q) => (p.symbol < q.symbol ? -1 : 1))
      .map((s) => ({ symbol: s.symbol, ts: Float64Array.from(s.ts), close: Float64Array.from(s.close) }));
    expect(await scanInPool(legs, c.scan, { workers: 2, entry })).toEqual(scanUniverse(c.series, c.scan));
  });
});
