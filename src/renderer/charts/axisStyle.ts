import type { Palette } from './echartsSetup';
import { formatClock } from '../lib/format';

/** Left/right space of every grid: equal on all panels so their time axes line up. */
export const GRID_LEFT = 72;
export const GRID_RIGHT = 14;

/** A time x axis; only the bottom panel prints times, the others just share the scale. */
export function timeAxis(p: Palette, showLabels: boolean, gridIndex = 0) {
  return {
    type: 'time',
    gridIndex,
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { show: showLabels },
    splitLine: { show: false },
    axisLabel: { show: showLabels, color: p.muted, hideOverlap: true, formatter: (v: number) => formatClock(v) },
    axisPointer: { label: { show: showLabels, formatter: ({ value }: { value: number }) => formatClock(value, true) } },
  };
}

export function valueAxis(p: Palette, format: (v: number) => string, gridIndex = 0, splitNumber = 3) {
  return {
    type: 'value',
    gridIndex,
    scale: true,
    splitNumber,
    splitLine: { lineStyle: { color: p.grid } },
    // Short panels cannot fit every tick label: drop the ones that would overlap.
    axisLabel: { color: p.muted, formatter: format, hideOverlap: true },
    axisPointer: { label: { formatter: ({ value }: { value: number }) => format(value) } },
  };
}

/** Crosshair values printed in the panel's corner rather than a floating box, because
 * connected panels all show theirs at once. */
export function cornerTooltip(p: Palette, format: (params: unknown[]) => string) {
  return {
    trigger: 'axis',
    // A vertical line only: ECharts relays the pointer to connected panels by pixel, so a
    // horizontal one would show the hovered panel's y on every other panel.
    axisPointer: { type: 'line', lineStyle: { color: p.pointer, type: 'dashed' }, label: { backgroundColor: p.axis, color: p.text } },
    position: [GRID_LEFT + 6, 2],
    backgroundColor: 'transparent',
    borderWidth: 0,
    padding: 0,
    extraCssText: 'box-shadow:none;',
    textStyle: { color: p.text, fontSize: 11 },
    transitionDuration: 0,
    formatter: (params: unknown) => format(Array.isArray(params) ? params : [params]),
  };
}
