import { useMemo, type ReactNode } from 'react';
import { lowerBound } from '../lib/ohlcBuckets';
import { lttb } from '../lib/lttb';
import { formatClock } from '../lib/format';
import { cornerTooltip, GRID_LEFT, GRID_RIGHT, timeAxis, valueAxis } from './axisStyle';
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
  /** Points to flag on the first line (alert firings; backtest entries and exits with their own symbol and colour). */
  markers?: { ts: number; value: number; label: string; symbol?: string; symbolSize?: number; symbolRotate?: number; color?: string }[];
  format: (v: number) => string;
  showTime: boolean;
  header: ReactNode;
  placeholder: string | null;
  /** Bumped when any line's data changes. */
  version: unknown;
}

/** A panel of time lines, LTTB-downsampled to about two points per pixel. */
export function LinePanel({ id, timeline, palette: p, lines, levels = [], markers = [], format, showTime, header, placeholder, version }: Props) {
  const shape = lines.map((l) => `${l.id}:${l.color}:${l.dashed ? 1 : 0}`).join('|');
  const levelKey = levels.map((l) => `${l.value}:${l.label}:${l.color}`).join('|');
  const base = useMemo(
    () => ({
      animation: false,
      backgroundColor: 'transparent',
      grid: [{ left: GRID_LEFT, right: GRID_RIGHT, top: 18, bottom: showTime ? 24 : 4 }],
      tooltip: cornerTooltip(p, (params) => {
        const list = params as { seriesName: string; color: string; data?: [number, number] }[];
        const first = list.find((x) => x.data);
        if (!first?.data) return '';
        const parts = list
          .filter((x) => x.data)
          .map((x) => `<span style="color:${x.color}">${x.seriesName}</span> ${format(x.data![1])}`);
        return `${formatClock(first.data[0], true)}  ${parts.join('  ')}`;
      }),
      xAxis: [timeAxis(p, showTime)],
      yAxis: [valueAxis(p, format, 0, 2)],
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
                label: { show: true, position: 'insideEndTop', color: p.muted, fontSize: 10, formatter: (q: { name: string }) => q.name },
                // Unlabelled levels (zero, mean) are just guides.
                data: levels.map((lv) => ({ yAxis: lv.value, name: lv.label, label: { show: lv.label !== '' }, lineStyle: { color: lv.color, type: 'dashed', width: 1 } })),
              },
              markPoint: { symbol: 'pin', symbolSize: 22, silent: true, label: { show: false }, itemStyle: { color: p.warn }, data: [] },
            }
          : {}),
      })),
    }),
    // `format` is derived from stable inputs by the caller; the shape keys stand for lines/levels.
    [p, showTime, shape, levelKey],
  );

  const { ref } = useTimeChart({
    id,
    timeline,
    base,
    version,
    gutter: GRID_LEFT + GRID_RIGHT,
    draw: ({ from, to, width }) => {
      let drawn = 0;
      const series = lines.map((l, i) => {
        const pts = l.points as { ts: number }[];
        const a = Math.max(0, lowerBound(pts, from) - 1);
        const b = Math.min(pts.length, lowerBound(pts, to) + 1);
        const value = l.value as (q: { ts: number }) => number | null;
        // One point per pixel column: LTTB keeps the peaks, and every point more is cloned, stored
        // and stroked by ECharts on each redraw (twice as many cost ~40 % more per zoom frame).
        let data = lttb(pts, a, b, Math.max(3, Math.floor(width)), (q) => q.ts, value);
        if (l.rebase && data.length) {
          // Rebase at the first point inside the view so both legs start at 0 % on screen.
          const first = data.find((d) => d[0] >= from) ?? data[0];
          const v0 = first[1];
          data = data.map(([t, v]) => [t, (v / v0 - 1) * 100]);
        }
        drawn += data.length;
        const out: Record<string, unknown> = { id: l.id, data };
        if (i === 0) {
          out.markPoint = {
            data: markers
              .filter((m) => m.ts >= from && m.ts <= to)
              .map((m) => ({
                coord: [m.ts, m.value],
                name: m.label,
                ...(m.symbol ? { symbol: m.symbol, symbolSize: m.symbolSize ?? 10, symbolRotate: m.symbolRotate ?? 0 } : {}),
                ...(m.color ? { itemStyle: { color: m.color } } : {}),
              })),
          };
        }
        return out;
      });
      return { series, marks: drawn };
    },
  });

  return <PanelFrame id={id} header={header} placeholder={placeholder} canvasRef={ref} />;
}
