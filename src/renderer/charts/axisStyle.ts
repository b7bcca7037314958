import type { Palette } from './echartsSetup';

/** Left/right space of every grid: equal on all panels (and the time axis strip) so their times line up. */
export const GRID_LEFT = 72;
export const GRID_RIGHT = 14;
/** Space above and below a plot: room for the crosshair readout above it, and for half of the
 * bottom value label (centred on the plot's edge) below it. */
export const GRID_TOP = 14;
export const GRID_BOTTOM = 9;
/** The least plot height a panel is given: below it a value axis has too few labels to read. */
export const MIN_PLOT_HEIGHT = 80;
/** Vertical pixels per value label that keep them apart (an 11 px label and its spacing). */
const PX_PER_VALUE_LABEL = 28;

/**
 * A time x axis without labels: the time axis strip under the panel stack prints the times
 * for every panel (TimeAxis), so that they stay in view when the stack scrolls.
 */
export function timeAxis(p: Palette, gridIndex = 0) {
  return {
    type: 'time',
    gridIndex,
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { show: false },
    splitLine: { show: false },
    axisLabel: { show: false },
    axisPointer: { label: { show: false } },
    // A break (a hole cut out of the axis) is a zigzag band across the plot. It does not
    // open on click: the shared Timeline's mapping, which every panel and the time strip
    // use, has it closed.
    breakArea: {
      show: true,
      expandOnClick: false,
      zigzagAmplitude: 3,
      zigzagMaxSpan: 12,
      itemStyle: { color: p.grid, borderColor: p.muted, borderWidth: 1, borderType: 'dashed', opacity: 0.9 },
    },
    breakLabelLayout: { moveOverlap: false },
  };
}

/** A chart x axis's range and breaks for the view: times [from, to] in ms, with the holes cut out. */
export function axisRange(from: number, to: number, breaks: readonly { start: number; end: number; gap: number }[]) {
  const drawn = breaks.filter((b) => b.end > b.start);
  return { min: from, max: to, breaks: drawn.map((b) => ({ start: b.start, end: b.end, gap: b.gap })) };
}

/** How many value intervals a plot of this height can label without crowding (ECharts' hint). */
export function valueSplits(plotHeightPx: number, most = 4): number {
  return Math.max(1, Math.min(most, Math.floor(plotHeightPx / PX_PER_VALUE_LABEL)));
}

export function valueAxis(p: Palette, format: (v: number) => string, gridIndex = 0, splitNumber = 3) {
  return {
    type: 'value',
    gridIndex,
    scale: true,
    splitNumber,
    splitLine: { lineStyle: { color: p.grid } },
    // splitNumber follows the plot's height (valueSplits); ECharts' nice intervals can still
    // give one label more than asked, and hideOverlap drops it then.
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
    axisPointer: {
      type: 'line',
      lineStyle: { color: p.pointer, type: 'dashed' },
      label: { backgroundColor: p.axis, color: p.text },
    },
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
