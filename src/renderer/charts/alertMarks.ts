import type { FiringMark, RuleLine } from '../lib/chartAlerts';
import type { Palette } from './echartsSetup';

/** How far (in visible value ranges) the value axis stretches to show a rule's threshold:
 * a level much further off would squash the data into a sliver, and is left off the chart. */
const MAX_STRETCH = 1;

/** An alert rule's threshold as a mark line: amber, dotted, its rule's name at the left end. */
export function ruleLineData(lines: readonly RuleLine[], p: Palette) {
  return lines.map((l) => ({
    yAxis: l.value,
    name: l.label,
    lineStyle: { color: p.warn, type: 'dotted', width: 1.2 },
    label: {
      show: true,
      position: 'insideStartTop',
      color: p.warn,
      fontSize: 10,
      formatter: (q: { name: string }) => q.name,
    },
  }));
}

/** Firings as small dots at the value they fired on (a 22 px pin used to cover the panel's top). */
export function firingMarkPoint(p: Palette) {
  return {
    symbol: 'circle',
    symbolSize: 7,
    silent: true,
    label: { show: false },
    itemStyle: { color: p.warn, borderColor: p.text, borderWidth: 1 },
    data: [],
  };
}

export function firingData(marks: readonly FiringMark[], from: number, to: number) {
  return marks
    .filter((m) => m.ts >= from && m.ts <= to)
    .map((m) => ({
      coord: [m.ts, m.value],
      name: m.label,
      ...(m.symbol ? { symbol: m.symbol, symbolSize: m.symbolSize ?? 10, symbolRotate: m.symbolRotate ?? 0 } : {}),
      ...(m.color ? { itemStyle: { color: m.color } } : {}),
    }));
}

/**
 * Value axis bounds that also take in the rules' thresholds (ECharts calls them with the
 * data's extent), so a rule's line is on its chart, unless it lies more than MAX_STRETCH
 * visible ranges away. Undefined when there is nothing to take in: ECharts' own fit.
 */
export function boundsWith(lines: readonly RuleLine[]) {
  if (lines.length === 0) return { min: undefined, max: undefined };
  const near = (e: { min: number; max: number }) => {
    const reach = Math.max(e.max - e.min, Math.abs(e.max) * 1e-6) * MAX_STRETCH;
    return lines.map((l) => l.value).filter((v) => v >= e.min - reach && v <= e.max + reach);
  };
  return {
    min: (e: { min: number; max: number }) => Math.min(e.min, ...near(e)),
    max: (e: { min: number; max: number }) => Math.max(e.max, ...near(e)),
  };
}
