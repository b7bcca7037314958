import type { Timeline } from './timeline';

/** Zoom and pan by dispatching on one panel; ECharts' connect relays it to the rest. */
export function zoomBy(timeline: Timeline, factor: number): void {
  const { start, end } = timeline.window;
  const mid = end >= 99.999 ? 100 : (start + end) / 2;
  const half = Math.min(50, Math.max(0.01, ((end - start) * factor) / 2));
  const s = end >= 99.999 ? 100 - 2 * half : mid - half;
  dispatchZoom(Math.max(0, s), Math.min(100, end >= 99.999 ? 100 : mid + half));
}

export function panBy(timeline: Timeline, fraction: number): void {
  const { start, end } = timeline.window;
  const span = end - start;
  let s = start + span * fraction;
  s = Math.max(0, Math.min(100 - span, s));
  dispatchZoom(s, s + span);
}

export function dispatchZoom(start: number, end: number): void {
  const charts = Object.values(window.__tickscopeCharts ?? {}).filter((c) => !c.isDisposed());
  charts[0]?.dispatchAction({ type: 'dataZoom', dataZoomId: 'zoom', start, end });
}
