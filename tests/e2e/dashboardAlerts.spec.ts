import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO_ROOT } from '../support/serveProcess';
import { readChartSeries, shot } from './support/charts';
import { startDashboardRig, type DashboardRig } from './support/dashboardServe';
import { CointegratedPairSim } from '../../src/core/sim/cointegratedPair';
import { tradesFromTicks } from '../support/fakeBinance';
import type { FeedFixture } from './support/feedFixture';

// Alert rules judge the present (wall clock): a rule created now ignores data stamped in the
// past, so the 2024 recordings cannot fire it. The market here is the seeded simulated pair
// stamped around now instead: the first trades are published before the rule exists, the
// rest (six minutes stamped after now) once it does.
const start = Date.now() - 2 * 60_000;
const sim = new CointegratedPairSim({ seed: 5, startMs: start });
const fixture: FeedFixture = {
  origin: 'synthetic',
  trades: tradesFromTicks(sim.advance(start + 8 * 60_000)),
  symbols: sim.symbols,
};

let rig: DashboardRig;

/** The time range every panel shows (the z-score chart's x axis spans exactly the visible window). */
async function visibleWindow(page: Page): Promise<{ from: number; to: number }> {
  await readChartSeries(page, 'zscore');
  return page.evaluate(() => {
    const c = (window as unknown as { __tickscopeCharts: Record<string, { getOption(): unknown }> }).__tickscopeCharts
      .zscore;
    const { min, max } = (c.getOption() as { xAxis: { min: number; max: number }[] }).xAxis[0];
    return { from: min, to: max };
  });
}

test.beforeAll(async () => {
  // Publish only the history, so the symbols exist but the rest of the market is still to come.
  rig = await startDashboardRig(fixture, { autoplay: false });
  rig.fake.play();
  await expect.poll(() => rig.fake.published(), { intervals: [1] }).toBeGreaterThan(0);
  rig.fake.pause();
});
test.afterAll(async () => rig?.stop());

test(`an alert created in the UI fires, is logged and marked on the z-score panel [${fixture.origin}]`, async ({
  page,
}) => {
  await page.goto(rig.serve.url);
  await expect(page.getByTestId('symbol-x-select')).toHaveValue('ETHUSDT');
  await page.getByTestId('symbol-select').selectOption('BTCUSDT');
  await page.getByTestId('tf-select').selectOption('1s');
  await page.getByTestId('window-select').selectOption('100');

  await page.getByTestId('tab-alerts').click();
  await page.getByTestId('alert-name').fill('BTC/ETH z crosses 1');
  await page.getByTestId('alert-kind').selectOption('zscore');
  await page.getByTestId('alert-op').selectOption('crosses');
  await page.getByTestId('alert-level').fill('1');
  await page.getByTestId('alert-save').click();
  await expect(page.getByTestId('alert-message')).toHaveText('Rule created.');
  const { rules } = await rig.api.invoke('alerts.listRules', {});
  expect(rules).toHaveLength(1);
  const rule = rules[0];
  expect(rule).toMatchObject({
    kind: 'zscore',
    k: 1,
    op: 'crosses',
    pair: { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 100 },
  });
  await expect(page.getByTestId(`rule-${rule.id}`)).toContainText('BTC/ETH z crosses 1');

  // The rest of the market arrives; the rule fires on it, and each firing shows a toast.
  rig.fake.play();
  const toast = page.getByTestId('toast-alert').last();
  await expect(toast).toContainText('BTC/ETH z crosses 1');
  await expect(toast).toContainText('BTCUSDT/ETHUSDT 1s');
  await page.screenshot({ path: resolve(REPO_ROOT, 'test-results/e2e/dashboard-alert-toast.png') });
  // Clicking it zooms the shared time axis around the bar it fired on.
  const whole = await visibleWindow(page);
  await toast.getByRole('button').first().click();
  await expect.poll(async () => ((w) => w.to - w.from)(await visibleWindow(page))).toBeLessThan(whole.to - whole.from);
  await rig.settled();
  await expect
    .poll(async () => (await rig.api.invoke('alerts.history', { ruleId: rule.id })).alerts.length)
    .toBeGreaterThan(0);
  const { alerts } = await rig.api.invoke('alerts.history', { ruleId: rule.id });
  const shown = await visibleWindow(page);
  expect(alerts.some((a) => a.ts >= shown.from && a.ts <= shown.to)).toBe(true);
  await page.screenshot({ path: resolve(REPO_ROOT, 'test-results/e2e/dashboard-alert-focused.png') });
  await expect(page.getByTestId('alert-history').locator('li')).toHaveCount(alerts.length);
  await expect(page.getByTestId('alert-history')).toContainText('BTC/ETH z crosses 1');
  await page.screenshot({ path: resolve(REPO_ROOT, 'test-results/e2e/dashboard-alerts.png') });

  // Each firing is marked on the z panel at the bar it belongs to (reset zoom: all in view).
  await page.keyboard.press('0');
  await expect
    .poll(async () => {
      const opt = await page.evaluate(() => {
        const c = (window as unknown as { __tickscopeCharts: Record<string, { getOption(): unknown }> })
          .__tickscopeCharts.zscore;
        return (
          c.getOption() as { series: { markPoint?: { data: { coord: number[] }[] } }[] }
        ).series[0].markPoint?.data.map((d) => d.coord[0]);
      });
      return opt;
    })
    .toEqual(alerts.map((a) => a.ts));
  expect((await readChartSeries(page, 'zscore')).series[0].length).toBeGreaterThan(0);
  // Each firing is a small dot (a 22 px pin covered the panel's top), and the rule's own
  // threshold (±1 here, not the toolbar's ±2) is drawn on the z-score chart with its name.
  const zMarks = await page.evaluate(() => {
    const c = (window as unknown as { __tickscopeCharts: Record<string, { getOption(): unknown }> }).__tickscopeCharts
      .zscore;
    const s0 = (
      c.getOption() as {
        series: { markPoint: { symbolSize: number }; markLine: { data: { yAxis: number; name: string }[] } }[];
      }
    ).series[0];
    return { size: s0.markPoint.symbolSize, lines: s0.markLine.data.map((d) => [d.yAxis, d.name]) };
  });
  expect(zMarks.size).toBeLessThanOrEqual(8);
  expect(zMarks.lines).toEqual(
    expect.arrayContaining([
      [1, 'BTC/ETH z crosses 1'],
      [-1, 'BTC/ETH z crosses 1'],
    ]),
  );
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('panel-zscore').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.getByTestId('tab-alerts').click();
  // The rule's summary is whole, not cut by an ellipsis.
  const summary = page.getByTestId(`rule-${rule.id}`).locator('small');
  await expect(summary).toContainText('BTCUSDT/ETHUSDT 1s W100 · zscore crosses ±1');
  expect(await summary.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await shot(page, 'issue13-alerts-fired');

  // Edit, disable, delete.
  await page.getByTestId(`rule-${rule.id}`).getByTitle('Edit').click();
  await page.getByTestId('alert-name').fill('z beyond 1 (edited)');
  await page.getByTestId('alert-save').click();
  await expect(page.getByTestId(`rule-${rule.id}`)).toContainText('z beyond 1 (edited)');
  await page.getByTestId(`rule-${rule.id}`).getByRole('checkbox').click(); // controlled by the engine's answer, not toggled locally
  await expect.poll(async () => (await rig.api.invoke('alerts.listRules', {})).rules[0].enabled).toBe(false);
  await expect(page.getByTestId(`rule-${rule.id}`).getByRole('checkbox')).not.toBeChecked();
  await page.screenshot({ path: resolve(REPO_ROOT, 'test-results/e2e/dashboard-alerts-edited.png') });
  await page.getByTestId(`rule-${rule.id}`).getByTitle('Delete').click();
  await expect(page.getByTestId(`rule-${rule.id}`)).toHaveCount(0);
  expect((await rig.api.invoke('alerts.listRules', {})).rules).toHaveLength(0);
});
