import type { ECharts } from 'echarts/core';

declare global {
  interface Window {
    /** Lets end-to-end tests read what a chart actually draws (its live option). */
    __tickscopeCharts?: Record<string, ECharts>;
  }
}

export function registerChart(id: string, chart: ECharts): void {
  window.__tickscopeCharts = { ...(window.__tickscopeCharts ?? {}), [id]: chart };
}
