import { useMemo, useRef, type ReactNode } from 'react';
import type { ECharts } from 'echarts/core';
import type { Bar } from '../../shared/market';
import { bucketBars, lowerBound, type Buckets } from '../lib/ohlcBuckets';
import type { FiringMark, RuleLine } from '../lib/chartAlerts';
import { formatDateTime, formatPrice } from '../lib/format';
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

interface Props {
  id: string;
  timeline: Timeline;
  palette: Palette;
  bars: Bar[];
  /** Time each of `bars` covers: the timeframe, or an overview's fold span. */
  barMs: number;
  digits: number;
  header: ReactNode;
  /** Shown over the chart instead of candles (loading, empty, error). */
  placeholder: string | null;
  /** Price alert rules' levels for this symbol. */
  thresholds?: RuleLine[];
  /** Price and %-change alert firings, at the close they fired on. */
  markers?: FiringMark[];
}

/** Least height of the volume plot, and the space between it and the candles (room for the
 * candles' bottom price label, centred on their plot's edge, above the volume's scale label). */
const MIN_VOLUME_HEIGHT = 20;
const VOLUME_GAP = 14;
/** A price label nearer than this (px) to the last-price tag is left out: the tag says it. */
const TAG_CLEARANCE_PX = 17;

/**
 * Pixel layout for a chart of height h: volume takes ~18% under the candles, never less
 * than MIN_VOLUME_HEIGHT, and each plot's value labels are as many as its height reads.
 */
function candleLayout(h: number) {
  const inner = h - GRID_TOP - GRID_BOTTOM - VOLUME_GAP;
  const vol = Math.max(MIN_VOLUME_HEIGHT, Math.round(inner * 0.18));
  return {
    grid: [
      { top: GRID_TOP, bottom: GRID_BOTTOM + vol + VOLUME_GAP },
      { height: vol, bottom: GRID_BOTTOM },
    ],
    yAxis: [{ splitNumber: valueSplits(inner - vol, 5) }, {}],
  };
}

/**
 * One leg's candlesticks with its volume underneath, downsampled to the pixel. The price
 * axis carries the last price as a tag; the volume plot's scale is its largest bar in view.
 */
export function CandlePanel({
  id,
  timeline,
  palette: p,
  bars,
  barMs,
  digits,
  header,
  placeholder,
  thresholds = [],
  markers = [],
}: Props) {
  const ruleKey = thresholds.map((t) => `${t.value}:${t.label}`).join('|');
  // The tag's price and the chart, for the price labels' formatter: ECharts hides labels
  // that overlap each other, not those under a mark line's label.
  const tagPrice = useRef<number | null>(null);
  const chartOf = useRef<() => ECharts | null>(() => null);
  const base = useMemo(
    () => ({
      animation: false,
      backgroundColor: 'transparent',
      grid: [
        { left: GRID_LEFT, right: GRID_RIGHT, top: GRID_TOP, bottom: '24%' },
        { left: GRID_LEFT, right: GRID_RIGHT, height: '16%', bottom: GRID_BOTTOM },
      ],
      tooltip: cornerTooltip(p, (params) => {
        const c = (params as { seriesId?: string; data?: number[] }[]).find((x) => x.seriesId === 'candles')?.data;
        const v = (params as { seriesId?: string; data?: number[] }[]).find((x) =>
          x.seriesId?.startsWith('volume-'),
        )?.data;
        if (!c) return '';
        const f = (n: number) => formatPrice(n, digits);
        return `${formatDateTime(c[0])}  O ${f(c[1])}  H ${f(c[4])}  L ${f(c[3])}  C ${f(c[2])}${v ? `  V ${v[1].toFixed(3)}` : ''}`;
      }),
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      xAxis: [timeAxis(p, 0), timeAxis(p, 1)],
      yAxis: [
        {
          ...valueAxis(
            p,
            (v) => (underTag(chartOf.current(), tagPrice.current, v) ? '' : formatPrice(v, digits)),
            0,
            4,
          ),
          ...boundsWith(thresholds),
        },
        {
          // Volume from zero to the largest bar in view, whose size is its one label (set
          // with the data): hung below the plot's top so it stays clear of the prices above.
          type: 'value',
          gridIndex: 1,
          min: 0,
          splitLine: { show: false },
          axisLabel: { color: p.muted, formatter: compact, verticalAlign: 'top', customValues: [] },
          axisTick: { show: false },
          axisPointer: { label: { formatter: ({ value }: { value: number }) => compact(value) } },
        },
      ],
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
          // The last price, tagged on the price axis (label at the line's start = over the axis).
          markLine: { silent: true, symbol: 'none', animation: false, data: [] },
          markPoint: firingMarkPoint(p),
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
    // The rule key stands for `thresholds`.
    [p, digits, ruleKey],
  );

  // New bars or firings redraw the panel.
  const drawVersion = useMemo(() => ({}), [bars, markers]);
  const { ref, chartRef } = useTimeChart({
    id,
    timeline,
    base,
    layout: candleLayout,
    version: drawVersion,
    gutter: GRID_LEFT + GRID_RIGHT,
    draw: ({ from, to, segments }) => {
      // Each run of data between breaks folded on its own share of the width: folding the
      // view's whole time span put a recording of minutes into one candle beside a hole of weeks.
      const b: Pick<Buckets, 'candles' | 'volume'> = { candles: [], volume: [] };
      for (const seg of segments) {
        const i = lowerBound(bars, seg.lo);
        const j = lowerBound(bars, seg.hi);
        const run = i === 0 && j === bars.length ? bars : bars.slice(i, j);
        const part = bucketBars(run, seg.from, seg.to, Math.max(1, Math.floor(seg.width)), barMs);
        b.candles.push(...part.candles);
        b.volume.push(...part.volume);
      }
      let volMax = 0;
      for (const v of b.volume) if (v[1] > volMax) volMax = v[1];
      const last = bars[bars.length - 1];
      // The tag shows while the last bar is in view: it marks where the market is now.
      const tagged = last !== undefined && last.ts >= from && last.ts <= to;
      tagPrice.current = tagged ? last.close : null;
      const tag = tagged ? lastPriceLine(last, p, digits) : [];
      return {
        series: [
          {
            id: 'candles',
            data: b.candles,
            markLine: { data: [...tag, ...ruleLineData(thresholds, p)] },
            markPoint: { data: firingData(markers, from, to) },
          },
          { id: 'volume-up', data: b.volume.filter((v) => v[2] > 0) },
          { id: 'volume-down', data: b.volume.filter((v) => v[2] <= 0) },
        ],
        option: {
          yAxis: [{}, { max: volMax > 0 ? volMax : 1, axisLabel: { customValues: volMax > 0 ? [volMax] : [] } }],
        },
        marks: b.candles.length,
      };
    },
  });

  chartOf.current = () => chartRef.current;

  return (
    <PanelFrame
      id={id}
      header={header}
      placeholder={placeholder}
      canvasRef={ref}
      minChartHeight={GRID_TOP + MIN_PLOT_HEIGHT + VOLUME_GAP + MIN_VOLUME_HEIGHT + GRID_BOTTOM}
    />
  );
}

/** Whether the price label of `v` would sit under the last-price tag (its pixels, as laid out now). */
function underTag(chart: ECharts | null, tag: number | null, v: number): boolean {
  if (!chart || tag === null) return false;
  const at = (price: number) => chart.convertToPixel({ yAxisIndex: 0 }, price) as number;
  return Math.abs(at(v) - at(tag)) < TAG_CLEARANCE_PX;
}

/** The last close as a dashed line and a filled tag on the price axis, coloured by the last bar's direction. */
function lastPriceLine(last: Bar, p: Palette, digits: number) {
  const color = last.close >= last.open ? p.up : p.down;
  return [
    {
      yAxis: last.close,
      lineStyle: { color, type: 'dotted', width: 1, opacity: 0.8 },
      label: {
        show: true,
        position: 'start',
        formatter: () => formatPrice(last.close, digits),
        color: '#fff',
        backgroundColor: color,
        padding: [2, 4],
        borderRadius: 2,
        fontSize: 11,
        distance: 2,
      },
    },
  ];
}

function compact(v: number): string {
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (Math.abs(v) >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return String(Number(v.toPrecision(3)));
}
