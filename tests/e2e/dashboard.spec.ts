import { expect, test, type Page } from '@playwright/test';
import type { AnalyticsSnapshot } from '../../src/shared/contract';
import { formatStat } from '../../src/renderer/lib/format';
import { readChartSeries, shot } from './support/charts';
import { startDashboardRig, type DashboardRig } from './support/dashboardServe';
import { loadFeedFixture } from './support/feedFixture';

const fixture = loadFeedFixture();
const [Y, X] = ['BTCUSDT', 'ETHUSDT'];
let rig: DashboardRig;

test.beforeAll(async () => {
  rig = await startDashboardRig(fixture);
  await rig.settled();
});
test.afterAll(async () => rig?.stop());

async function snapshot(window: number): Promise<Extract<AnalyticsSnapshot, { ok: true }>> {
  const s = await rig.api.invoke('analytics.getSnapshot', { y: Y, x: X, tf: '1s', window });
  if (!s.ok) throw new Error(`engine could not compute the snapshot: ${s.message}`);
  return s;
}

async function openPair(page: Page) {
  await page.goto(rig.serve.url);
  await page.getByTestId('mode-pair').click();
  await page.getByTestId('symbol-select').selectOption(Y);
  await page.getByTestId('symbol-x-select').selectOption(X);
  await page.getByTestId('tf-select').selectOption('1s');
  await page.getByTestId('window-select').selectOption('300');
}

test(`every panel and card shows what the engine computed [${fixture.origin}]`, async ({ page }) => {
  await openPair(page);
  const s = await snapshot(300);
  const v = s.value;
  // Cards: the same figures the engine returns over the API, as the UI formats them.
  await expect(page.getByTestId('stat-beta')).toHaveText(formatStat(v.ols!.beta));
  await expect(page.getByTestId('stat-alpha')).toHaveText(formatStat(v.ols!.alpha));
  await expect(page.getByTestId('stat-r2')).toHaveText(formatStat(v.ols!.r2));
  await expect(page.getByTestId('stat-z')).toHaveText(formatStat(v.spread!.z, 3));
  await expect(page.getByTestId('stat-adf-stat')).toHaveText(formatStat(v.adf!.stat));
  await expect(page.getByTestId('stat-adf-pvalue')).toHaveText(formatStat(v.adf!.pvalue));
  await expect(page.getByTestId('stat-adf-lag')).toHaveText(String(v.adf!.usedlag));
  await expect(page.getByTestId('stat-coint-pvalue')).toHaveText(formatStat(v.coint!.pvalue));
  await expect(page.getByTestId('adf-badge')).toHaveText(v.adf!.pvalue < 0.05 ? 'stationary' : 'not stationary');
  await expect(page.getByTestId('card-ols-computed')).toContainText('computed');

  // Panels: the last drawn point of each analytics chart is the engine's last rolling point.
  const series = await rig.api.invoke('analytics.getSeries', { y: Y, x: X, tf: '1s', window: 300 });
  const last = series.points[series.points.length - 1];
  const lastDrawn = async (id: string, index = 0) => {
    const d = await readChartSeries(page, id);
    return d.series[index][d.series[index].length - 1] as [number, number];
  };
  await expect.poll(() => lastDrawn('zscore')).toEqual([last.ts, last.z]);
  await expect.poll(() => lastDrawn('spread')).toEqual([last.ts, last.spread]);
  await expect.poll(() => lastDrawn('correlation')).toEqual([last.ts, last.correlation]);
  await expect.poll(() => lastDrawn('hedge', 0)).toEqual([last.ts, last.beta]);
  await expect.poll(() => lastDrawn('hedge', 1)).toEqual([last.ts, last.kalmanBeta]);
  // The z distribution card: how often |z| > k over the whole series, counted here independently.
  const zs = series.points.map((p) => p.z).filter((z): z is number => z !== null);
  const share = (zs.filter((z) => Math.abs(z) > 2).length / zs.length) * 100;
  await expect(page.getByTestId('zdist-beyond')).toContainText(`|z| > 2 in ${formatStat(share, 1)}% of points`);
  await expect(page.getByTestId('card-zdist')).toContainText(`${zs.length.toLocaleString('en-US')} rolling points`);
  // Both legs on screen, normalised to 0 % at the left edge.
  const norm = await readChartSeries(page, 'normalised');
  expect(norm.series[0][0]).toEqual([expect.any(Number), 0]);
  expect(norm.series[1][0]).toEqual([expect.any(Number), 0]);
  await expect(page.getByTestId('status-bar')).toContainText(`${Y} `);
  await expect(page.getByTestId('status-bar')).toContainText('db ');
  await shot(page, 'dashboard-pair');
});

test('zoom and crosshair are shared by every panel', async ({ page }) => {
  await openPair(page);
  await expect.poll(async () => (await readChartSeries(page, 'zscore')).series[0].length).toBeGreaterThan(0);
  const box = (await page.getByTestId('panel-candles').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Every panel's time axis spans the same visible window.
  const zooms = () =>
    page.evaluate(() =>
      Object.values(
        (window as unknown as { __tickscopeCharts: Record<string, { getOption(): unknown }> }).__tickscopeCharts,
      ).map((c) => {
        // A panel sets no option before its first data: it shows no window yet.
        const x = (c.getOption() as { xAxis: { min: number; max: number }[] } | undefined)?.xAxis[0];
        return x ? `${x.min}-${x.max}` : 'not drawn';
      }),
    );
  const spanOf = (z: string) => ((m) => Number(m[2]) - Number(m[1]))(/^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(z)!);
  await page.keyboard.press('0');
  await expect.poll(async () => new Set(await zooms()).size).toBe(1);
  const whole = spanOf((await zooms())[0]);
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  // Two halvings: a quarter of the time on every panel.
  await expect.poll(async () => new Set(await zooms()).size).toBe(1);
  await expect.poll(async () => spanOf((await zooms())[0]) / whole).toBeCloseTo(0.25, 6);
  // The wheel zooms out about the cursor, a drag pans: still one window for all panels.
  await page.mouse.wheel(0, 240);
  await expect.poll(async () => spanOf((await zooms())[0]) / whole).toBeGreaterThan(0.25);
  const beforeDrag = (await zooms())[0];
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await zooms())[0]).not.toBe(beforeDrag);
  // The panels redraw on the next frame after the first one: wait for them to agree.
  await expect.poll(async () => new Set(await zooms()).size).toBe(1);
  await shot(page, 'dashboard-zoomed');
  await page.keyboard.press('0');
  await expect.poll(async () => spanOf((await zooms())[0])).toBe(whole);
});

test('controls change what is shown, and settings survive a reload', async ({ page }) => {
  await openPair(page);
  await expect(page.getByTestId('stat-beta')).toHaveText(formatStat((await snapshot(300)).value.ols!.beta));

  // Rolling window.
  await page.getByTestId('window-select').selectOption('100');
  await expect(page.getByTestId('stat-beta')).toHaveText(formatStat((await snapshot(100)).value.ols!.beta));
  await expect(page.getByTestId('card-ols')).toContainText('W = 100');

  // k moves the z thresholds and the spread bands.
  await page.getByTestId('k-input').fill('1.5');
  await expect(page.getByTestId('panel-zscore')).toContainText('±1.5');

  // Swap legs: Y is now ETHUSDT (Escape leaves the k box, whose typing shortcuts ignore).
  await page.keyboard.press('Escape');
  await page.keyboard.press('x');
  await expect(page.getByTestId('symbol-select')).toHaveValue(X);
  const swapped = await rig.api.invoke('analytics.getSnapshot', { y: X, x: Y, tf: '1s', window: 100 });
  if (!swapped.ok) throw new Error(swapped.message);
  await expect(page.getByTestId('stat-beta')).toHaveText(formatStat(swapped.value.ols!.beta));
  await page.keyboard.press('x');

  // Search picks a symbol.
  await page.getByTestId('symbol-x-select-search').fill('eth');
  await page.getByTestId('symbol-x-select-search').press('Enter');
  await expect(page.getByTestId('symbol-x-select')).toHaveValue(X);

  // Timeframe: the candles are the stored 1m bars.
  await page.getByTestId('tf-select').selectOption('1m');
  const bars1m = await rig.api.invoke('market.getBars', { symbol: Y, tf: '1m' });
  await expect(page.getByTestId('bar-count')).toHaveText(`${bars1m.bars.length} bars`);
  await expect
    .poll(async () => (await readChartSeries(page, 'candles')).series[0])
    .toEqual(bars1m.bars.map((b) => [b.ts, b.open, b.close, b.low, b.high]));
  // The z distribution follows the view: it bins the 1m series now (here, W = 100 may not
  // have filled yet, and then there is no card at all).
  const series1m = await rig.api.invoke('analytics.getSeries', { y: Y, x: X, tf: '1m', window: 100 });
  const z1m = series1m.points.filter((p) => p.z !== null).length;
  if (z1m === 0) await expect(page.getByTestId('card-zdist')).toHaveCount(0);
  else await expect(page.getByTestId('card-zdist')).toContainText(`${z1m.toLocaleString('en-US')} rolling points`);

  // Theme, persisted with the rest.
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await shot(page, 'dashboard-light-1m');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('tf-select')).toHaveValue('1m');
  await expect(page.getByTestId('window-select')).toHaveValue('100');

  // Single-symbol mode: one leg, its own stats, no pair panels.
  await page.keyboard.press('s');
  await expect(page.getByTestId('panel-candles')).toBeVisible();
  await expect(page.getByTestId('panel-candles-x')).toHaveCount(0);
  await expect(page.getByTestId('panel-zscore')).toHaveCount(0);
  await expect(page.getByTestId(`leg-${Y}-last`)).toHaveText(/\d/);
  await shot(page, 'dashboard-single');

  // Hiding a panel is remembered too.
  await page.keyboard.press('s');
  await page.getByTestId('panel-normalised').getByRole('button', { name: '×' }).click();
  await expect(page.getByTestId('panel-normalised')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('panel-zscore')).toBeVisible();
  await expect(page.getByTestId('panel-normalised')).toHaveCount(0);

  // Help overlay.
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toContainText('Keyboard shortcuts');
  await shot(page, 'dashboard-help');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);
});
