import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT, startServe, type ServeInfo } from '../support/serveProcess';
import { readChartSeries } from './support/charts';

// The README's picture: the pair view on the demo source (a seeded simulated pair with half
// an hour of history), which needs no network or recordings. It is written to docs/ only
// when TICKSCOPE_README_SCREENSHOT=1, so ordinary runs do not churn a tracked file.
let serve: ServeInfo;
let dir: string;
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-readme-'));
  serve = await startServe(['--source', 'demo', '--db', join(dir, 'demo.db')]);
});
test.afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

test('the pair view of the demo, for the README', async ({ page }) => {
  await page.goto(serve.url);
  await page.getByTestId('mode-pair').click();
  await page.getByTestId('symbol-select').selectOption('DEMOBTC');
  await page.getByTestId('symbol-x-select').selectOption('DEMOETH');
  await page.getByTestId('tf-select').selectOption('5s');
  await page.getByTestId('window-select').selectOption('100');
  await expect(page.getByTestId('status-source')).toHaveText('demo');
  await expect(page.getByTestId('stat-beta')).toHaveText(/\d/);
  await expect(page.getByTestId('adf-badge')).toHaveText(/stationary/);
  for (const id of ['candles', 'candles-x', 'normalised', 'spread', 'zscore', 'correlation', 'hedge']) {
    await expect.poll(async () => (await readChartSeries(page, id)).series[0].length).toBeGreaterThan(50);
  }
  await page.mouse.move(0, 0);
  const out = resolve(REPO_ROOT, 'test-results/e2e/readme-pair.png');
  await page.screenshot({ path: out });
  if (process.env.TICKSCOPE_README_SCREENSHOT === '1') copyFileSync(out, resolve(REPO_ROOT, 'docs/screenshot.png'));
});
