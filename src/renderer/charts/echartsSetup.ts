import * as echarts from 'echarts/core';
import { BarChart, CandlestickChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AxisPointerComponent,
  GridComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
} from 'echarts/components';
import { AxisBreak } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';
import type { Theme } from '../settings/settings';
import { withEmWideProbe } from './textMetrics';

// Tree-shaken registration: only what the panels draw ends up in the bundle.
echarts.use([
  CandlestickChart,
  BarChart,
  LineChart,
  // The scanner's half-life vs q plot.
  ScatterChart,
  GridComponent,
  TooltipComponent,
  AxisPointerComponent,
  MarkLineComponent,
  MarkPointComponent,
  // Holes in the data are cut out of the time axis (xAxis.breaks; BrokenAxis).
  AxisBreak,
  CanvasRenderer,
]);

// Labels are measured by the browser as zrender does, except for the line-height probe
// (textMetrics.ts): without it, value labels of short panels overlapped on machines
// without a CJK font.
const measureCtx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
let measureFont = '';
echarts.setPlatformAPI({
  measureText: withEmWideProbe((text, font = '12px sans-serif') => {
    if (!measureCtx) return { width: text.length * 7 };
    if (font !== measureFont) measureCtx.font = measureFont = font;
    return measureCtx.measureText(text);
  }),
});

export { echarts };

/** Charts in this group share zoom and crosshair (ECharts relays the actions). */
export const CHART_GROUP = 'tickscope-timeline';

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  axis: string;
  up: string;
  down: string;
  y: string;
  x: string;
  accent: string;
  band: string;
  warn: string;
  pointer: string;
}

/**
 * Colours of the lines and marks. Those that share a chart stay apart under the common
 * colour-vision deficiencies (protanopia, deuteranopia, tritanopia), built from the
 * Okabe–Ito set (orange, vermillion, blue, yellow), with a magenta (dark) and Paul Tol's
 * wine (light) for the pair's own figures; each stands out from its theme's panel
 * (tests/unit/renderer/palette.test.ts). The former lavender and blue were one colour to
 * protanopes and deuteranopes, the light theme's amber and red to deuteranopes.
 */
export const PALETTES: Record<Theme, Palette> = {
  dark: {
    text: '#e6edf3',
    muted: '#8b949e',
    grid: '#21262d',
    axis: '#30363d',
    up: '#26a69a',
    down: '#d55e00',
    y: '#e69f00',
    x: '#58a6ff',
    accent: '#d81b60',
    band: '#8b949e',
    warn: '#f0e442',
    pointer: '#8b949e',
  },
  light: {
    text: '#1f2328',
    muted: '#656d76',
    grid: '#eaeef2',
    axis: '#d0d7de',
    up: '#00876c',
    down: '#b2182b',
    y: '#d55e00',
    x: '#0072b2',
    accent: '#882255',
    band: '#8c959f',
    warn: '#b8860b',
    pointer: '#57606a',
  },
};
