import { useMemo } from 'react';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import type { ZHistogram } from '../lib/zHistogram';
import { echarts, type Palette } from './echartsSetup';

interface Props {
  hist: ZHistogram;
  /** The live z (lib/liveZ.ts), whose bin is highlighted: the histogram is re-binned only once a second. */
  current: number | null;
  k: number;
  palette: Palette;
}

const label = (v: number) => String(Number(v.toFixed(2)));

/**
 * The z-score distribution as a small bar chart. A static chart whose whole option changes
 * at most once a second is what echarts-for-react is made for (it diffs the option and
 * merges it into one instance). The seven live time panels are driven by hand instead
 * (useTimeChart): they need frame-budgeted, incremental data updates.
 */
export function ZHistogramChart({ hist, current: z, k, palette: p }: Props) {
  const last = hist.bins.length - 1;
  const current =
    z === null
      ? -1
      : hist.bins.findIndex(([lo, hi], i) => (z >= lo && z < hi) || (i === 0 && z < lo) || (i === last && z >= hi));
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 4, right: 4, top: 6, bottom: 18, containLabel: false },
      tooltip: {
        trigger: 'axis',
        backgroundColor: p.grid,
        borderColor: p.axis,
        textStyle: { color: p.text, fontSize: 11 },
        formatter: (params: { dataIndex: number; value: [number, number] }[]) => {
          const i = params[0]?.dataIndex ?? 0;
          const [lo, hi] = hist.bins[i]!;
          const range =
            i === 0
              ? `z < ${label(hi)}`
              : i === hist.bins.length - 1
                ? `z ≥ ${label(lo)}`
                : `${label(lo)} ≤ z < ${label(hi)}`;
          return `${range}: ${params[0]?.value[1] ?? 0} points`;
        },
      },
      // A value axis, so ticks fall on whole z (−4 … 4) and each bar spans its bin exactly.
      xAxis: {
        type: 'value',
        min: hist.bins[0]![0],
        max: hist.bins[hist.bins.length - 1]![1],
        interval: 1,
        axisLine: { lineStyle: { color: p.axis } },
        splitLine: { show: false },
        axisLabel: { color: p.muted, fontSize: 10 },
      },
      yAxis: { type: 'value', show: false },
      series: [
        {
          id: 'z',
          type: 'bar',
          barWidth: '88%',
          data: hist.counts.map((c, i) => {
            const [lo, hi] = hist.bins[i]!;
            const tail = lo >= k || hi <= -k;
            return {
              value: [(lo + hi) / 2, c],
              itemStyle: { color: i === current ? p.x : tail ? p.warn : p.accent, opacity: i === current ? 1 : 0.75 },
            };
          }),
        },
      ],
    }),
    [hist, k, p, current],
  );
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      style={{ height: 64 }}
      opts={{ renderer: 'canvas' }}
      data-testid="z-histogram"
    />
  );
}
