import * as echarts from 'echarts/core';
import { BarChart, CandlestickChart, LineChart } from 'echarts/charts';
import {
  AxisPointerComponent,
  GridComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Theme } from '../settings/settings';

// Tree-shaken registration: only what the panels draw ends up in the bundle.
echarts.use([
  CandlestickChart,
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  AxisPointerComponent,
  MarkLineComponent,
  MarkPointComponent,
  CanvasRenderer,
]);

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

export const PALETTES: Record<Theme, Palette> = {
  dark: {
    text: '#e6edf3',
    muted: '#8b949e',
    grid: '#21262d',
    axis: '#30363d',
    up: '#26a69a',
    down: '#ef5350',
    y: '#f0b90b',
    x: '#58a6ff',
    accent: '#bc8cff',
    band: '#6e7681',
    warn: '#d29922',
    pointer: '#8b949e',
  },
  light: {
    text: '#1f2328',
    muted: '#656d76',
    grid: '#eaeef2',
    axis: '#d0d7de',
    up: '#1a7f64',
    down: '#cf222e',
    y: '#b08800',
    x: '#0969da',
    accent: '#8250df',
    band: '#8c959f',
    warn: '#9a6700',
    pointer: '#57606a',
  },
};
