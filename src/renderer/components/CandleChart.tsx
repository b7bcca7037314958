import { useMemo } from 'react';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart, CandlestickChart } from 'echarts/charts';
import { AxisPointerComponent, DataZoomComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Bar } from '../../shared/market';
import { registerChart } from '../debugHooks';

echarts.use([CandlestickChart, BarChart, GridComponent, TooltipComponent, DataZoomComponent, AxisPointerComponent, CanvasRenderer]);

const UP = '#26a69a';
const DOWN = '#ef5350';

interface Props {
  id: string;
  bars: Bar[];
  priceDigits: number;
}

/** Candlesticks with volume underneath, zoomable, with a crosshair tooltip. */
export function CandleChart({ id, bars, priceDigits }: Props) {
  const option = useMemo(() => {
    const times = bars.map((b) => b.ts);
    return {
      animation: false,
      backgroundColor: 'transparent',
      grid: [
        { left: 64, right: 16, top: 12, height: '64%' },
        { left: 64, right: 16, top: '78%', bottom: 28 },
      ],
      tooltip: { trigger: 'axis', axisPointer: { type: 'cross' }, valueFormatter: (v: number) => (typeof v === 'number' ? v.toFixed(priceDigits) : v) },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      xAxis: [
        { type: 'category', data: times, axisLabel: { formatter: formatTime, color: '#8b949e' }, axisLine: { lineStyle: { color: '#30363d' } } },
        { type: 'category', gridIndex: 1, data: times, axisLabel: { show: false }, axisLine: { lineStyle: { color: '#30363d' } } },
      ],
      yAxis: [
        { scale: true, splitLine: { lineStyle: { color: '#21262d' } }, axisLabel: { color: '#8b949e' } },
        { scale: true, gridIndex: 1, splitNumber: 2, splitLine: { show: false }, axisLabel: { color: '#8b949e' } },
      ],
      dataZoom: [{ type: 'inside', xAxisIndex: [0, 1], start: 0, end: 100 }],
      series: [
        {
          name: 'price',
          type: 'candlestick',
          large: true,
          // ECharts candlestick order: open, close, low, high.
          data: bars.map((b) => [b.open, b.close, b.low, b.high]),
          itemStyle: { color: UP, color0: DOWN, borderColor: UP, borderColor0: DOWN },
        },
        {
          name: 'volume',
          type: 'bar',
          xAxisIndex: 1,
          yAxisIndex: 1,
          large: true,
          data: bars.map((b) => ({ value: b.volume, itemStyle: { color: b.close >= b.open ? UP : DOWN } })),
        },
      ],
    };
  }, [bars, priceDigits]);

  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge={false}
      lazyUpdate
      style={{ height: '100%', width: '100%' }}
      onChartReady={(chart) => registerChart(id, chart)}
      theme="dark"
    />
  );
}

function formatTime(value: string): string {
  const d = new Date(Number(value));
  return d.toISOString().slice(11, 19);
}
