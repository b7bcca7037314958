import type { Timeline } from './timeline';

/** The narrowest view, in percent of the loaded extent. */
const MIN_SPAN_PCT = 0.01;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Zooms by `factor` (< 1 zooms in) keeping the time under `anchor` (0 = the plot's left
 * edge, 1 = its right edge) where it is on screen: the mouse wheel anchors at the cursor.
 */
export function zoomAt(timeline: Timeline, factor: number, anchor: number): void {
  const { start, end } = timeline.window;
  const span = end - start;
  const next = clamp(span * factor, MIN_SPAN_PCT, 100);
  const at = start + clamp(anchor, 0, 1) * span;
  const s = clamp(at - clamp(anchor, 0, 1) * next, 0, 100 - next);
  timeline.setZoom(s, s + next);
}

/** Keyboard zoom: about the middle, or at the right edge while the view follows live data. */
export function zoomBy(timeline: Timeline, factor: number): void {
  zoomAt(timeline, factor, timeline.window.end >= 99.999 ? 1 : 0.5);
}

/** Pans by `fraction` of the visible span (negative: back in time). */
export function panBy(timeline: Timeline, fraction: number): void {
  const { start, end } = timeline.window;
  const span = end - start;
  const s = clamp(start + span * fraction, 0, 100 - span);
  timeline.setZoom(s, s + span);
}

/** Shows everything loaded. */
export function resetZoom(timeline: Timeline): void {
  timeline.setZoom(0, 100);
}

/**
 * Shows the run of data (the stretch between two breaks, e.g. one recording) at `anchor`
 * (0 = the plot's left edge, 1 = its right edge) whole; when that run is what is shown
 * already, shows everything. What a double-click on a chart or the time strip does.
 */
export function zoomToRunAt(timeline: Timeline, anchor: number): void {
  const [a0, a1] = timeline.visibleAxis();
  const axis = timeline.axis;
  const run = axis.runAt(axis.fromAxis(a0 + clamp(anchor, 0, 1) * (a1 - a0)));
  const [from, to] = timeline.visible();
  const span = a1 - a0;
  const near = (a: number, b: number) => Math.abs(axis.toAxis(a) - axis.toAxis(b)) < span * 0.01;
  const shown = near(run.lo, from) && near(run.hi, to);
  if (shown || timeline.axis.breaks.length === 0) return resetZoom(timeline);
  timeline.showTimes(run.lo, run.hi);
}
