import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { roundBar, symbolPrecision } from '../../src/engine/export/symbolPrecision';
import { openStore } from '../../src/engine/store/sqliteStore';
import type { Bar } from '../../src/shared/market';
import { readParquet } from '../support/readParquet';
import { readChartSeries, shot } from './support/charts';
import { startDashboardRig, type DashboardRig } from './support/dashboardServe';
import { loadFeedFixture } from './support/feedFixture';

const fixture = loadFeedFixture();
const Y = 'BTCUSDT';
let rig: DashboardRig;

test.beforeAll(async () => {
  rig = await startDashboardRig(fixture);
  await rig.settled();
});
test.afterAll(async () => rig?.stop());

const HEADER = 'ts,open,high,low,close,volume,quote_volume,trades,vwap,buy_volume';

/** The stored bars as an export gives them: sums at the symbol's precision (no float noise). */
function storedBars(tf: Bar['tf'], from?: number, to?: number): Bar[] {
  const store = openStore(rig.dbPath, { readonly: true });
  try {
    const precision = symbolPrecision(store, Y);
    return store.getBars({ symbol: Y, tf, from, to }).map((b) => roundBar(b, precision));
  } finally {
    store.close();
  }
}

/** The CSV as numbers, row by row, in the order of HEADER. */
function parseCsv(bytes: Buffer): { header: string; rows: number[][] } {
  const lines = bytes.toString('utf8').trimEnd().split('\n');
  return { header: lines[0], rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}
const asRow = (b: Bar) => [
  b.ts,
  b.open,
  b.high,
  b.low,
  b.close,
  b.volume,
  b.quoteVolume,
  b.trades,
  b.vwap,
  b.buyVolume,
];

async function exportBars(page: Page, range: 'all' | 'visible', format: 'csv' | 'parquet' = 'csv'): Promise<Buffer> {
  await page.keyboard.press('Control+e');
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('export-kind').selectOption('bars');
  await dialog.getByTestId('export-symbol').selectOption(Y);
  await dialog.getByTestId('export-tf').selectOption('1m');
  await dialog.getByTestId('export-format').selectOption(format);
  if (range === 'all') await dialog.getByTestId('export-range-all').check();
  await shot(page, `export-dialog-${range}${format === 'csv' ? '' : `-${format}`}`);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-run').click()]);
  const path = join(rig.dir, `${range}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^BTCUSDT-1m-bars.*\\.${format}$`));
  await expect(dialog.getByTestId('export-status')).toContainText(`Downloaded ${download.suggestedFilename()}`);
  return readFileSync(path);
}

test(`an export of bars from the UI downloads exactly the stored bars [${fixture.origin}]`, async ({ page }) => {
  await page.goto(rig.serve.url);
  await page.getByTestId('symbol-select').selectOption(Y);
  await page.getByTestId('tf-select').selectOption('1m');
  await expect(page.getByTestId('bar-count')).toHaveText(/^[1-9]\d* bars$/);

  // Everything stored.
  const stored = storedBars('1m');
  expect(stored.length).toBeGreaterThan(3);
  const all = parseCsv(await exportBars(page, 'all'));
  expect(all.header).toBe(HEADER);
  expect(all.rows).toEqual(stored.map(asRow));
  await expect(page.getByTestId('export-status')).toContainText(`(${stored.length.toLocaleString('en-US')} rows)`);
  await shot(page, 'export-done');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-dialog')).toHaveCount(0);

  // The visible (zoomed) range of the linked time axis: a strict subset, the stored bars in it.
  await page.getByTestId('tf-select').selectOption('1s');
  await expect.poll(async () => (await readChartSeries(page, 'candles')).series[0].length).toBeGreaterThan(0);
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  const zoomed = parseCsv(await exportBars(page, 'visible'));
  expect(zoomed.header).toBe(HEADER);
  expect(zoomed.rows.length).toBeGreaterThan(0);
  expect(zoomed.rows.length).toBeLessThan(stored.length);
  const first = zoomed.rows[0][0];
  const last = zoomed.rows[zoomed.rows.length - 1][0];
  expect(zoomed.rows).toEqual(storedBars('1m', first, last).map(asRow));
});

test(`a Parquet export of bars from the UI downloads a Parquet file of exactly the stored bars [${fixture.origin}]`, async ({
  page,
}) => {
  await page.goto(rig.serve.url);
  await page.getByTestId('symbol-select').selectOption(Y);
  await page.getByTestId('tf-select').selectOption('1m');
  await expect(page.getByTestId('bar-count')).toHaveText(/^[1-9]\d* bars$/);
  const stored = storedBars('1m');
  const { rows } = await readParquet(await exportBars(page, 'all', 'parquet'));
  const columns = HEADER.split(',');
  expect(rows.map((r) => columns.map((c) => Number(r[c])))).toEqual(stored.map(asRow));
});
