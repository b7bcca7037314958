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

/** Drops a disposed chart, unless a newer instance has taken its id meanwhile. */
export function unregisterChart(id: string, chart: ECharts): void {
  const charts = window.__tickscopeCharts;
  if (charts?.[id] !== chart) return;
  const rest = { ...charts };
  delete rest[id];
  window.__tickscopeCharts = rest;
}
