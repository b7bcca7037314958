import { useEffect, useMemo, useRef } from 'react';
import type { ScanPair } from '../../../shared/contract';
import { echarts, type Palette } from '../../charts/echartsSetup';
import { registerChart, unregisterChart } from '../../debugHooks';
import { scanNumber } from '../../lib/scanner/scanProgress';
import { logTick, qAxisMin, scatterData } from '../../lib/scanner/scanScatter';

interface Props {
  pairs: readonly ScanPair[];
  fdr: number;
  palette: Palette;
  selected: string | null;
  /** A point was clicked: select its row. */
  onSelect: (key: string) => void;
}

const CHART_ID = 'scan-scatter';

/**
 * Half-life against q, both on log axes: the pairs worth a look sit low (small q) and left
 * (fast reversion). Significant pairs in the accent colour, the rest muted, a dashed line at
 * the FDR. Its own chart, outside the shared time axis.
 */
export function ScanScatter({ pairs, fdr, palette: p, selected, onSelect }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const data = useMemo(() => scatterData(pairs), [pairs]);
  const names = useMemo(() => new Map(pairs.map((r) => [`${r.a}|${r.b}`, r])), [pairs]);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'canvas' });
    chart.current = c;
    registerChart(CHART_ID, c);
    // By index: a large series (thousands of points) does not hand back each point's data.
    c.on('click', (e) => {
      const list =
        e.seriesId === 'significant'
          ? dataRef.current.significant
          : e.seriesId === 'other'
            ? dataRef.current.other
            : [];
      const key = list[e.dataIndex]?.key;
      if (key) select.current(key);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      unregisterChart(CHART_ID, c);
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const chosen = [...data.significant, ...data.other].find((d) => d.key === selected);
    const axis = {
      axisLine: { lineStyle: { color: p.axis } },
      axisLabel: { color: p.muted, fontSize: 10, formatter: logTick },
      splitLine: { lineStyle: { color: p.grid } },
      nameTextStyle: { color: p.muted, fontSize: 11 },
    };
    c.setOption(
      {
        animation: false,
        grid: { left: 52, right: 12, top: 10, bottom: 36 },
        tooltip: {
          trigger: 'item',
          formatter: (e: { seriesId?: string; dataIndex: number }) => {
            const list = e.seriesId === 'significant' ? data.significant : e.seriesId === 'other' ? data.other : [];
            const point = list[e.dataIndex];
            const r = point ? names.get(point.key) : undefined;
            return r
              ? `<b>${r.y}</b> / ${r.x}<br/>q ${scanNumber(r.qvalue)} · half-life ${scanNumber(r.halfLife)} bars`
              : '';
          },
        },
        xAxis: { type: 'log', name: 'half-life (bars)', nameLocation: 'middle', nameGap: 22, ...axis },
        yAxis: { type: 'log', name: 'q', nameLocation: 'middle', nameGap: 38, min: qAxisMin(data), max: 1, ...axis },
        series: [
          {
            id: 'other',
            name: 'not significant',
            type: 'scatter',
            symbolSize: 5,
            large: data.other.length > 3000,
            itemStyle: { color: p.muted, opacity: 0.6 },
            data: data.other,
          },
          {
            id: 'significant',
            name: 'significant',
            type: 'scatter',
            symbolSize: 8,
            itemStyle: { color: p.accent },
            data: data.significant,
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: p.band, type: 'dashed' },
              label: { color: p.muted, formatter: `FDR ${fdr}`, fontSize: 10, position: 'insideEndTop' },
              data: [{ yAxis: fdr }],
            },
          },
          {
            id: 'selected',
            type: 'scatter',
            symbolSize: 14,
            silent: true,
            itemStyle: { color: 'transparent', borderColor: p.text, borderWidth: 2 },
            data: chosen ? [chosen] : [],
          },
        ],
      },
      { notMerge: false, lazyUpdate: false },
    );
  }, [data, names, fdr, p, selected]);

  return (
    <div className="sc-scatter">
      <div className="sc-scatter-head muted small">
        Half-life vs q (log axes) · click a point to find its row
        {data.omitted > 0 && ` · ${data.omitted.toLocaleString('en-US')} without a half-life not drawn`}
      </div>
      <div className="sc-scatter-chart" ref={el} data-testid="scan-scatter" />
    </div>
  );
}
