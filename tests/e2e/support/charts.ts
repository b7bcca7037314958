import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from '../../support/serveProcess';

/** The debug hook src/renderer/debugHooks.ts installs. */
interface ChartsWindow {
  __tickscopeCharts?: Record<string, { getOption(): unknown }>;
}

export interface DrawnSeries {
  /** Series ids in option order (e.g. candles, volume; spread, upper, lower). */
  ids: string[];
  /** Each series' data as drawn: [ts, ...values] rows, downsampled to the pixel. */
  series: unknown[][];
}

/**
 * Reads what a chart actually draws: its live ECharts option (each series' id and data).
 * Waits for the chart's first draw: a panel sets no option until it has data to show.
 */
export async function readChartSeries(page: Page, id: string): Promise<DrawnSeries> {
  await page.waitForFunction((chartId) => {
    const chart = (window as unknown as ChartsWindow).__tickscopeCharts?.[chartId];
    const option = chart?.getOption() as { series?: unknown[] } | undefined;
    return Boolean(option?.series);
  }, id);
  return page.evaluate((chartId) => {
    const chart = (window as unknown as ChartsWindow).__tickscopeCharts![chartId];
    const option = chart.getOption() as { series: { id: string; data: unknown[] }[] };
    return { ids: option.series.map((s) => s.id), series: option.series.map((s) => s.data) };
  }, id);
}

/** Saves a screenshot for review under test-results/e2e/<name>.png. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: resolve(REPO_ROOT, `test-results/e2e/${name}.png`) });
}
