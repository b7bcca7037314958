import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { openStore } from '../../src/engine/store/sqliteStore';
import { startFakeBinance } from '../support/fakeBinance';
import { REPO_ROOT } from '../support/serveProcess';
import { readChartSeries } from './support/charts';
import { loadFeedFixture } from './support/feedFixture';

/** Path of the Electron binary, or why there is none (it is never downloaded on CI here). */
function electronBinary(): { path: string } | { missing: string } {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1')
    return { missing: 'ELECTRON_SKIP_BINARY_DOWNLOAD=1: the Electron binary was not downloaded' };
  try {
    const path = createRequire(join(REPO_ROOT, 'package.json'))('electron') as string;
    return existsSync(path) ? { path } : { missing: `no Electron binary at ${path}` };
  } catch (err) {
    return { missing: `Electron is not installed: ${String((err as Error).message).split('\n')[0]}` };
  }
}

const binary = electronBinary();

test.describe('Electron app', () => {
  // Reported as skipped with the reason, never as passed. The same flow runs in Chromium
  // against `tickscope serve` in walkingSkeleton.spec.ts.
  test.skip('missing' in binary, `Electron e2e skipped: ${'missing' in binary ? binary.missing : ''}`);

  test('draws candles of trades streamed from the fake Binance server', async () => {
    const fixture = loadFeedFixture();
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-electron-'));
    const fake = await startFakeBinance({ trades: fixture.trades });
    const db = join(dir, 'app.db');
    const app = await electron.launch({
      args: [resolve(REPO_ROOT, 'out/main/index.js')],
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TICKSCOPE_SOURCE: 'live',
        TICKSCOPE_SYMBOLS: fixture.symbols.join(','),
        TICKSCOPE_WS_URL: fake.wsUrl,
        TICKSCOPE_REST_URL: fake.restUrl,
        TICKSCOPE_DB: db,
      },
    });
    try {
      const page = await app.firstWindow();
      // The preload exposes only the contract: no node, no raw ipcRenderer.
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort())).toEqual([
        'invoke',
        'on',
      ]);
      await fake.finished;
      await page.getByTestId('symbol-select').selectOption('BTCUSDT');
      await expect(page.getByTestId('bar-count')).not.toHaveText('0 bars');
      const drawn = await readChartSeries(page, 'candles');
      expect(drawn.series[0].length).toBeGreaterThan(100);
      await page.screenshot({ path: resolve(REPO_ROOT, 'test-results/e2e/electron.png') });
    } finally {
      await app.close();
      await fake.close();
    }
    const store = openStore(db, { readonly: true });
    expect(store.integrityCheck()).toBe('ok');
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
