import { useMemo, type ReactNode } from 'react';
import { lowerBound } from '../lib/ohlcBuckets';
import { lttb } from '../lib/lttb';
import type { FiringMark, RuleLine } from '../lib/chartAlerts';
import { formatDateTime } from '../lib/format';
import { boundsWith, firingData, firingMarkPoint, ruleLineData } from './alertMarks';
import {
  cornerTooltip,
  GRID_BOTTOM,
  GRID_LEFT,
  GRID_RIGHT,
  GRID_TOP,
  MIN_PLOT_HEIGHT,
  timeAxis,
  valueAxis,
  valueSplits,
} from './axisStyle';
import type { Palette } from './echartsSetup';
import type { Timeline } from './timeline';
import { useTimeChart } from './useTimeChart';
import { PanelFrame } from './PanelFrame';

export interface LineSpec {
  id: string;
  name: string;
  color: string;
  points: readonly { ts: number }[];
  value: (p: never) => number | null;
  dashed?: boolean;
  /** Draw as % change from the first visible point (the "normalised" view). */
  rebase?: boolean;
}

export interface Level {
  value: number;
  label: string;
  color: string;
}

interface Props {
  id: string;
  timeline: Timeline;
  palette: Palette;
  lines: LineSpec[];
  /** Horizontal reference lines (z thresholds, zero). */
  levels?: Level[];
  /** Alert rules' thresholds on this panel's figure. */
  thresholds?: RuleLine[];
  /** Marked on the first line: alert firings, and backtest entries and exits with their own symbol and colour. */
  markers?: FiringMark[];
  format: (v: number) => string;
  header: ReactNode;
  placeholder: string | null;
  /** Bumped when any line's data changes. */
  version: unknown;
}

/** A panel of time lines, LTTB-downsampled to about two points per pixel. */
export function LinePanel({
  id,
  timeline,
  palette: p,
  lines,
  levels = [],
  thresholds = [],
  markers = [],
  format,
  header,
  placeholder,
  version,
}: Props) {
  const shape = lines.map((l) => `${l.id}:${l.color}:${l.dashed ? 1 : 0}`).join('|');
  const levelKey = [
    ...levels.map((l) => `${l.value}:${l.label}:${l.color}`),
    ...thresholds.map((t) => `${t.value}:${t.label}`),
  ].join('|');
  const base = useMemo(
    () => ({
      animation: false,
      backgroundColor: 'transparent',
      grid: [{ left: GRID_LEFT, right: GRID_RIGHT, top: GRID_TOP, bottom: GRID_BOTTOM }],
      tooltip: cornerTooltip(p, (params) => {
        // The null that breaks a line at a hole has no value to read.
        type Param = { seriesName: string; color: string; data?: [number, number | null] };
        const list = (params as Param[]).filter((x) => x.data && x.data[1] !== null);
        const first = list[0];
        if (!first?.data) return '';
        const parts = list.map((x) => `<span style="color:${x.color}">${x.seriesName}</span> ${format(x.data![1]!)}`);
        return `${formatDateTime(first.data[0])}  ${parts.join('  ')}`;
      }),
      xAxis: [timeAxis(p)],
      yAxis: [{ ...valueAxis(p, format, 0, 2), ...boundsWith(thresholds) }],
      series: lines.map((l, i) => ({
        id: l.id,
        name: l.name,
        type: 'line',
        showSymbol: false,
        symbol: 'none',
        clip: true,
        lineStyle: { color: l.color, width: l.dashed ? 1 : 1.4, type: l.dashed ? 'dashed' : 'solid' },
        itemStyle: { color: l.color },
        emphasis: { disabled: true },
        data: [],
        ...(i === 0
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                label: {
                  show: true,
                  position: 'insideEndTop',
                  color: p.muted,
                  fontSize: 10,
                  formatter: (q: { name: string }) => q.name,
                },
                // Unlabelled levels (zero, mean) are just guides.
                data: [
                  ...levels.map((lv) => ({
                    yAxis: lv.value,
                    name: lv.label,
                    label: { show: lv.label !== '' },
                    lineStyle: { color: lv.color, type: 'dashed', width: 1 },
                  })),
                  ...ruleLineData(thresholds, p),
                ],
              },
              markPoint: firingMarkPoint(p),
            }
          : {}),
      })),
    }),
    // `format` is derived from stable inputs by the caller; the shape keys stand for lines/levels.
    [p, shape, levelKey],
  );

  // Firings arriving redraw the panel as new data does.
  const drawVersion = useMemo(() => ({}), [version, markers]);
  const { ref } = useTimeChart({
    id,
    timeline,
    base,
    version: drawVersion,
    gutter: GRID_LEFT + GRID_RIGHT,
    layout: (h) => ({ yAxis: [{ splitNumber: valueSplits(h - GRID_TOP - GRID_BOTTOM, 3) }] }),
    draw: ({ from, to, segments }) => {
      let drawn = 0;
      const series = lines.map((l, i) => {
        const pts = l.points as { ts: number }[];
        const value = l.value as (q: { ts: number }) => number | null;
        // Each run of data between breaks on its own: no line joins one to the next.
        let data: [number, number | null][] = [];
        for (const seg of segments) {
          // One point per pixel column: LTTB keeps the peaks, and every point more is cloned, stored
          // and stroked by ECharts on each redraw (twice as many cost ~40 % more per zoom frame).
          // The view's edges take a point beyond them (lines run to the edge), never past a break.
          const lo = lowerBound(pts, seg.lo);
          const hi = lowerBound(pts, seg.hi);
          const a = Math.max(lo, lowerBound(pts, seg.from) - 1);
          const b = Math.min(hi, lowerBound(pts, seg.to) + 1);
          const part = lttb(pts, a, b, Math.max(3, Math.floor(seg.width)), (q) => q.ts, value);
          if (part.length === 0) continue;
          // A null between runs breaks the line (ECharts' connectNulls is off), placed in the hole.
          if (data.length) data.push([(data[data.length - 1][0] + part[0][0]) / 2, null]);
          data = data.concat(part);
        }
        if (l.rebase && data.length) {
          // Rebase at the first point inside the view so both legs start at 0 % on screen.
          const first = data.find((d) => d[0] >= from && d[1] !== null) ?? data.find((d) => d[1] !== null);
          const v0 = first?.[1] ?? 1;
          data = data.map(([t, v]) => [t, v === null ? null : (v / v0 - 1) * 100]);
        }
        drawn += data.length;
        const out: Record<string, unknown> = { id: l.id, data };
        if (i === 0) out.markPoint = { data: firingData(markers, from, to) };
        return out;
      });
      return { series, marks: drawn };
    },
  });

  return (
    <PanelFrame
      id={id}
      header={header}
      placeholder={placeholder}
      canvasRef={ref}
      minChartHeight={GRID_TOP + MIN_PLOT_HEIGHT + GRID_BOTTOM}
    />
  );
}
