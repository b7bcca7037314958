import type { Page } from '@playwright/test';

/** The debug hook src/renderer/debugHooks.ts installs. */
interface ChartsWindow {
  __tickscopeCharts?: Record<string, { getOption(): unknown }>;
}

export interface DrawnSeries {
  x: unknown[];
  series: unknown[][];
}

/** Reads what a chart actually draws: its live ECharts option (x axis data and each series' data). */
export async function readChartSeries(page: Page, id: string): Promise<DrawnSeries> {
  await page.waitForFunction((chartId) => Boolean((window as unknown as ChartsWindow).__tickscopeCharts?.[chartId]), id);
  return page.evaluate((chartId) => {
    const chart = (window as unknown as ChartsWindow).__tickscopeCharts![chartId];
    const option = chart.getOption() as { xAxis: { data: unknown[] }[]; series: { data: unknown[] }[] };
    return { x: option.xAxis[0].data, series: option.series.map((s) => s.data) };
  }, id);
}
