import { expect, test, type Page } from '@playwright/test';
import type { AnalyticsSnapshot, PairSpec } from '../../src/shared/contract';
import { formatStat } from '../../src/renderer/lib/format';
import { shot } from './support/charts';
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

async function snapshot(def: Pick<PairSpec, 'mode' | 'hedge'>): Promise<Extract<AnalyticsSnapshot, { ok: true }>> {
  const s = await rig.api.invoke('analytics.getSnapshot', { y: Y, x: X, tf: '1s', window: 300, ...def });
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

test('the spread selector changes the spread the dashboard shows and survives a reload', async ({ page }) => {
  await openPair(page);
  await expect(page.getByTestId('spread-mode-select')).toHaveValue('raw');
  await expect(page.getByTestId('hedge-select')).toHaveValue('ols');
  await expect(page.getByTestId('stat-z')).toHaveText(formatStat((await snapshot({})).value.spread!.z, 3));

  // Log prices, Kalman hedge: beta is the log OLS (an elasticity), z is the Kalman spread's.
  await page.getByTestId('spread-mode-select').selectOption('log');
  await page.getByTestId('hedge-select').selectOption('kalman');
  const lk = (await snapshot({ mode: 'log', hedge: 'kalman' })).value;
  expect([lk.mode, lk.hedge]).toEqual(['log', 'kalman']);
  await expect(page.getByTestId('stat-beta')).toHaveText(formatStat(lk.ols!.beta));
  // Every z on screen is the live rolling z (one producer). With a Kalman hedge the rolling
  // filter runs on through the segment while the snapshot's restarts at its window's first
  // point (../shared/specs/analytics.md), so the card shows the series' last z, not the snapshot's.
  const series = await rig.api.invoke('analytics.getSeries', {
    y: Y,
    x: X,
    tf: '1s',
    window: 300,
    mode: 'log',
    hedge: 'kalman',
  });
  const lastZ = series.points.at(-1)!.z!;
  await expect(page.getByTestId('stat-z')).toHaveText(formatStat(lastZ, 3));
  await shot(page, 'dashboard-spread-log-kalman');

  // Ratio: no hedge to choose.
  await page.getByTestId('spread-mode-select').selectOption('ratio');
  await expect(page.getByTestId('hedge-select')).toBeDisabled();
  await expect(page.getByTestId('stat-z')).toHaveText(
    formatStat((await snapshot({ mode: 'ratio' })).value.spread!.z, 3),
  );

  await page.reload();
  await expect(page.getByTestId('spread-mode-select')).toHaveValue('ratio');
  await page.getByTestId('spread-mode-select').selectOption('raw');
  await expect(page.getByTestId('hedge-select')).toHaveValue('kalman');
});
