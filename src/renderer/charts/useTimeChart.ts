import { useEffect, useRef } from 'react';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { registerChart, unregisterChart } from '../debugHooks';
import type { ViewSegment } from '../lib/brokenAxis';
import { axisRange, GRID_LEFT } from './axisStyle';
import { CHART_GROUP, echarts } from './echartsSetup';
import { requestDraw } from './frameQueue';
import type { Timeline } from './timeline';
import { panBy, zoomAt, zoomToRunAt } from './zoomActions';

const LIVE_REDRAW_MS = 250;
/** Wheel zoom per pixel of scroll (a notch of 120 px zooms by ~27 %). */
const WHEEL_ZOOM_PER_PX = 0.002;

export interface ChartView {
  from: number;
  to: number;
  /** Plot width in CSS pixels: the downsampling target. */
  width: number;
  /** The runs of data in view, between the axis' breaks: each is downsampled on its own
   * (its share of the width) and nothing is drawn joining one to the next. */
  segments: ViewSegment[];
}

interface Options {
  id: string;
  timeline: Timeline;
  /** The option skeleton (axes, grids, styles). Applied with notMerge when it changes. */
  base: EChartsCoreOption;
  /** Series data for the visible range, already downsampled; only this (and `option`, what
   * else follows the data, like an axis' scale) is set on updates. */
  draw: (view: ChartView) => { series: unknown[]; option?: EChartsCoreOption; marks?: number };
  /** Bumped when draw's inputs (the data) change. */
  version: unknown;
  /** Horizontal space the grid leaves (left + right), to know the plot width. */
  gutter: number;
  /** Pixel layout for a chart height (merged on resize), where percentages cannot do it. */
  layout?: (heightPx: number) => EChartsCoreOption;
}

/**
 * Owns one ECharts instance directly (not through echarts-for-react, whose re-setOption on
 * each render replaces the option and grows memory over hours): init once, set the
 * skeleton when the theme or layout changes, and otherwise set only the visible range and
 * its series data, at most once per animation frame (the frame queue orders the panels).
 *
 * Zoom and pan are handled here, on the shared Timeline, not by ECharts' dataZoom: that
 * re-rendered every connected chart with its old data on each wheel step, and then again
 * with the new downsampled data, twice the work per frame across seven panels. ECharts'
 * `connect` still links the crosshair and tooltips.
 */
export function useTimeChart({ id, timeline, base, draw, version, gutter, layout }: Options) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const drawRef = useRef(draw);
  drawRef.current = draw;
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const baseRef = useRef(base);
  baseRef.current = base;
  const frame = useRef<(() => void) | null>(null);
  const drawnOnce = useRef(false);
  const axisCount = useRef(1);
  axisCount.current = ((base as { xAxis?: unknown[] }).xAxis ?? []).length || 1;

  const lastDataDraw = useRef(0);
  const dataTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // What the next frame must apply besides the series. Every non-data change is set with
  // lazyUpdate and the series last, synchronously, so a chart runs one ECharts update per
  // frame: applying each change on its own re-rendered all seven panels several times over
  // while a day of bars was loading (skeleton, layout, then every range change).
  const pending = useRef({ base: true, range: false, layout: false });

  const schedule = useRef(() => {});
  schedule.current = () => {
    if (frame.current) return;
    frame.current = requestDraw({
      // A panel's first data goes before redraws of panels already showing theirs.
      priority: () => (drawnOnce.current ? 1 : 0),
      run: () => {
        frame.current = null;
        lastDataDraw.current = performance.now();
        const chart = chartRef.current;
        if (!chart || chart.isDisposed()) return;
        // Until a panel has data its placeholder covers it: an empty skeleton would cost
        // each of the seven panels a full ECharts render while the first data is loading.
        if (!timeline.ready) return;
        const [from, to] = timeline.visible();
        const width = Math.max(50, chart.getWidth() - gutter);
        const segments = timeline.axis.segments(from, to, width);
        const { series, option: extra, marks } = drawRef.current({ from, to, width, segments });
        if (!drawnOnce.current && !marks) return;
        const todo = pending.current;
        const view = axisRange(from, to, timeline.axis.breaks);
        const range = (list: unknown[]) => list.map((a) => ({ ...(a as object), ...view }));
        if (todo.base) {
          const option = baseRef.current as { xAxis?: unknown[] };
          chart.setOption({ ...option, xAxis: range(option.xAxis ?? []) }, { notMerge: true, lazyUpdate: true });
          todo.layout = true;
        } else if (todo.range) {
          chart.setOption(
            { xAxis: range(Array.from({ length: axisCount.current }, () => ({}))) },
            { lazyUpdate: true, silent: true },
          );
        }
        if (todo.layout && layoutRef.current)
          chart.setOption(layoutRef.current(chart.getHeight()), { lazyUpdate: true, silent: true });
        todo.base = todo.range = todo.layout = false;
        chart.setOption({ ...extra, series }, { lazyUpdate: false, silent: true });
        if (!drawnOnce.current && (marks ?? 0) > 0) {
          drawnOnce.current = true;
          // The bench and tests read this mark: first time real data reached the screen.
          // setOption without lazyUpdate has painted the canvas by now; the browser shows
          // it in the coming frame, whose start is the mark. (ECharts' 'finished' is no
          // use here: it fired inside setOption, and then waits for the chart's next render.)
          requestAnimationFrame(() => performance.mark(`tickscope:drawn:${id}`));
        }
      },
    });
  };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.group = CHART_GROUP;
    echarts.connect(CHART_GROUP);
    chartRef.current = chart;
    pending.current.base = true;
    registerChart(id, chart);
    // The crosshair's time, for the time axis strip's full date-time readout.
    chart.on('updateAxisPointer', (e) => {
      const x = (e as { axesInfo?: { axisDim: string; value: number }[] }).axesInfo?.find((a) => a.axisDim === 'x');
      timeline.setPointer(typeof x?.value === 'number' ? x.value : null, id);
    });
    const plotWidth = () => Math.max(50, el.clientWidth - gutter);

    // Wheel: zoom about the time under the cursor; a sideways swipe (touchpad) pans.
    const onWheel = (e: WheelEvent) => {
      if (!timeline.ready) return;
      e.preventDefault();
      const lines = e.deltaMode === 1 ? 40 : 1;
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) return panBy(timeline, (e.deltaX * lines) / plotWidth());
      const px = e.deltaY * lines;
      const anchor = (e.clientX - el.getBoundingClientRect().left - GRID_LEFT) / plotWidth();
      zoomAt(timeline, Math.exp(px * WHEEL_ZOOM_PER_PX), anchor);
    };
    // Drag: pan. While the button is down ECharts sees no pointer events (no tooltips to
    // lay out on every move of every panel); the window gets the moves, even off the chart.
    // Each move pans from the current view, so a wheel or key zoom mid-drag is kept, and a
    // release the page never saw (focus lost, button up elsewhere) still ends the drag.
    let endDrag: (() => void) | null = null;
    const onDown = (e: MouseEvent) => {
      if (e.button !== 0 || !timeline.ready) return;
      e.preventDefault();
      endDrag?.();
      let lastX = e.clientX;
      el.classList.add('panning');
      chart.dispatchAction({ type: 'hideTip' });
      const onMove = (m: MouseEvent) => {
        if ((m.buttons & 1) === 0) return endDrag?.();
        panBy(timeline, -(m.clientX - lastX) / plotWidth());
        lastX = m.clientX;
      };
      const end = () => {
        el.classList.remove('panning');
        window.removeEventListener('mousemove', onMove);
        window.removeEventListener('mouseup', end);
        window.removeEventListener('blur', end);
        endDrag = null;
      };
      endDrag = end;
      window.addEventListener('mousemove', onMove);
      window.addEventListener('mouseup', end);
      window.addEventListener('blur', end);
    };
    // Double-click: show the run of data under the cursor whole (a recording between two
    // breaks), or everything when it is already shown.
    const onDouble = (e: MouseEvent) => {
      if (!timeline.ready) return;
      zoomToRunAt(timeline, (e.clientX - el.getBoundingClientRect().left - GRID_LEFT) / plotWidth());
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('mousedown', onDown);
    el.addEventListener('dblclick', onDouble);

    const resize = new ResizeObserver(() => {
      // The first observation reports the size init already measured: resizing to it
      // would be one more full update of the chart for nothing.
      if (el.clientWidth === chart.getWidth() && el.clientHeight === chart.getHeight()) return;
      chart.resize();
      pending.current.layout = true;
      schedule.current();
    });
    resize.observe(el);
    const off = timeline.subscribe((_w, cause) => {
      pending.current.range = true;
      if (cause === 'zoom') return schedule.current();
      // Every live push extends the axis: throttled like the data, or each push redrew all
      // seven panels on the next frame, on top of their data redraws.
      scheduleLive.current();
    });
    schedule.current();
    return () => {
      off();
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('mousedown', onDown);
      el.removeEventListener('dblclick', onDouble);
      endDrag?.();
      resize.disconnect();
      frame.current?.();
      frame.current = null;
      unregisterChart(id, chart);
      timeline.setPointer(null, id);
      chartRef.current = null;
      chart.dispose();
    };
  }, [id, timeline, gutter]);

  useEffect(() => {
    pending.current.base = true;
    schedule.current();
  }, [base, timeline]);

  // Live data redraws at most every LIVE_REDRAW_MS: pushes arrive up to 10 Hz per topic and
  // several topics feed each panel, while zoom and resize still redraw on the next frame.
  const scheduleLive = useRef(() => {});
  scheduleLive.current = () => {
    // A panel's first data is not throttled: its empty draw a moment before made the second
    // leg's candles wait up to LIVE_REDRAW_MS, behind a redraw of the first leg's.
    if (!drawnOnce.current) return schedule.current();
    const wait = lastDataDraw.current + LIVE_REDRAW_MS - performance.now();
    if (wait <= 0) return schedule.current();
    if (dataTimer.current) return;
    dataTimer.current = setTimeout(() => {
      dataTimer.current = undefined;
      schedule.current();
    }, wait);
  };
  useEffect(() => scheduleLive.current(), [version]);
  useEffect(() => () => clearTimeout(dataTimer.current), []);

  return { ref, chartRef };
}
