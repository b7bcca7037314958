import { useMemo, type ReactNode } from 'react';
import type { Bar } from '../../shared/market';
import { bucketBars } from '../lib/ohlcBuckets';
import { formatClock, formatPrice } from '../lib/format';
import { cornerTooltip, GRID_LEFT, GRID_RIGHT, timeAxis, valueAxis } from './axisStyle';
import type { Palette } from './echartsSetup';
import type { Timeline } from './timeline';
import { useTimeChart } from './useTimeChart';
import { PanelFrame } from './PanelFrame';

interface Props {
  id: string;
  timeline: Timeline;
  palette: Palette;
  bars: Bar[];
  /** Time each of `bars` covers: the timeframe, or an overview's fold span. */
  barMs: number;
  digits: number;
  showTime: boolean;
  header: ReactNode;
  /** Shown over the chart instead of candles (loading, empty, error). */
  placeholder: string | null;
}

/** One leg's candlesticks with its volume underneath, downsampled to the pixel. */
export function CandlePanel({ id, timeline, palette: p, bars, barMs, digits, showTime, header, placeholder }: Props) {
  const base = useMemo(
    () => ({
      animation: false,
      backgroundColor: 'transparent',
      grid: [
        { left: GRID_LEFT, right: GRID_RIGHT, top: 18, bottom: showTime ? '34%' : '24%' },
        { left: GRID_LEFT, right: GRID_RIGHT, height: '16%', bottom: showTime ? 24 : 4 },
      ],
      tooltip: cornerTooltip(p, (params) => {
        const c = (params as { seriesId?: string; data?: number[] }[]).find((x) => x.seriesId === 'candles')?.data;
        const v = (params as { seriesId?: string; data?: number[] }[]).find((x) => x.seriesId?.startsWith('volume-'))?.data;
        if (!c) return '';
        const f = (n: number) => formatPrice(n, digits);
        return `${formatClock(c[0], true)}  O ${f(c[1])}  H ${f(c[4])}  L ${f(c[3])}  C ${f(c[2])}${v ? `  V ${v[1].toFixed(3)}` : ''}`;
      }),
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      xAxis: [timeAxis(p, false, 0), timeAxis(p, showTime, 1)],
      yAxis: [valueAxis(p, (v) => formatPrice(v, digits), 0, 4), { ...valueAxis(p, (v) => compact(v), 1, 1), splitLine: { show: false }, axisLabel: { show: false } }],
      series: [
        {
          id: 'candles',
          name: 'price',
          type: 'candlestick',
          large: true,
          // Downsampled to the pixel, a full view is ~1,000 candles: below the former
          // threshold (2,000) each was its own element, the costliest part of drawing a panel.
          largeThreshold: 300,
          encode: { x: 0, y: [1, 2, 3, 4] },
          itemStyle: { color: p.up, color0: p.down, borderColor: p.up, borderColor0: p.down },
          data: [],
        },
        // Volume in two large-mode series, rising and falling candles: one bar series with
        // a colour per item is a thousand elements, the costliest part of a first draw.
        ...(['up', 'down'] as const).map((dir) => ({
          id: `volume-${dir}`,
          name: 'volume',
          type: 'bar',
          xAxisIndex: 1,
          yAxisIndex: 1,
          encode: { x: 0, y: 1 },
          large: true,
          largeThreshold: 300,
          barMaxWidth: 12,
          barGap: '-100%',
          itemStyle: { color: dir === 'up' ? p.up : p.down, opacity: 0.6 },
          data: [],
        })),
      ],
    }),
    [p, digits, showTime],
  );

  const { ref } = useTimeChart({
    id,
    timeline,
    base,
    // Volume takes ~18% of the height under the candles whatever the panel's size; the
    // time labels need fixed pixels, which percentages alone get wrong on short panels.
    layout: (h) => {
      const labels = showTime ? 22 : 4;
      const vol = Math.max(14, Math.round((h - labels - 18) * 0.18));
      return { grid: [{ top: 18, bottom: labels + vol + 6 }, { height: vol, bottom: labels }] };
    },
    version: bars,
    gutter: GRID_LEFT + GRID_RIGHT,
    draw: ({ from, to, width }) => {
      const b = bucketBars(bars, from, to, Math.floor(width), barMs);
      return {
        series: [
          { id: 'candles', data: b.candles },
          { id: 'volume-up', data: b.volume.filter((v) => v[2] > 0) },
          { id: 'volume-down', data: b.volume.filter((v) => v[2] <= 0) },
        ],
        marks: b.candles.length,
      };
    },
  });

  return <PanelFrame id={id} header={header} placeholder={placeholder} canvasRef={ref} />;
}

function compact(v: number): string {
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (Math.abs(v) >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return String(Number(v.toPrecision(3)));
}
