import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { formatDateTime } from '../lib/format';
import { formatSpan } from '../lib/timeBreaks';
import { GRID_LEFT, GRID_RIGHT } from './axisStyle';
import type { Timeline } from './timeline';
import { timeTicks } from './timeTicks';
import { zoomToRunAt } from './zoomActions';

/** Room either side of a break's label before a time label may start. */
const BREAK_LABEL_PAD = 8;

/**
 * The time labels of the panel stack: one strip under the panels, pinned to the bottom of
 * the stack's scroll area so it stays in view whichever panels are shown and however far
 * the stack is scrolled (the panels draw no time labels of their own). It has the panels'
 * horizontal geometry, so its pixels are the charts' pixels. The crosshair's time is
 * printed on it in full (date and time to the second).
 *
 * Breaks (holes in the data cut out of the axis) are marked on it with how long the hole
 * is; the labels are laid out per run of data, so each says the date where the axis
 * resumes on another day. A double-click shows the run under the cursor whole (again:
 * everything), as on the charts.
 */
export function TimeAxis({ timeline, corner }: { timeline: Timeline; corner?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const cornerRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [cornerWidth, setCornerWidth] = useState(0);
  const hasCorner = Boolean(corner);
  const [version, setVersion] = useState(0);
  const [pointer, setPointer] = useState<number | null>(timeline.pointer);
  useEffect(() => timeline.subscribe(() => setVersion((v) => v + 1)), [timeline]);
  useEffect(() => timeline.subscribePointer(setPointer), [timeline]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      setWidth(el.clientWidth);
      setCornerWidth(cornerRef.current?.offsetWidth ?? 0);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (cornerRef.current) observer.observe(cornerRef.current);
    measure();
    return () => observer.disconnect();
  }, [hasCorner]);

  const measure = useTextMeasure(ref);
  const plot = width - GRID_LEFT - GRID_RIGHT;
  const [from, to] = timeline.ready ? timeline.visible() : [0, 0];
  const axis = timeline.axis;
  const [a0, a1] = timeline.ready ? timeline.visibleAxis() : [0, 0];
  const xOf = (ts: number) => GRID_LEFT + ((axis.toAxis(ts) - a0) / (a1 - a0)) * plot;
  const marks = useMemo(() => {
    if (!timeline.ready || plot <= 0 || !(a1 > a0)) return [];
    return axis.breaks
      .filter((b) => b.end > from && b.start < to)
      .map((b) => {
        const x = (xOf(b.start) + xOf(b.end)) / 2;
        const text = formatSpan(b.end - b.start);
        const w = measure(text);
        return { b, x, text, x0: x - w / 2 - BREAK_LABEL_PAD, x1: x + w / 2 + BREAK_LABEL_PAD };
      });
    // xOf reads axis, a0, a1 and plot, which `version` and the other keys stand for.
  }, [timeline.ready, version, from, to, width, measure]);
  const ticks = useMemo(() => {
    if (!timeline.ready || plot <= 0) return [];
    const segments = axis
      .segments(from, to, plot)
      .map((s) => ({ from: s.from, to: s.to, x0: GRID_LEFT + s.x, x1: GRID_LEFT + s.x + s.width }));
    return timeTicks(segments, measure, { minX: cornerWidth + 4, maxX: width - 2, avoid: marks });
    // `version` stands for the axis (its breaks change with the extent).
  }, [timeline.ready, version, from, to, width, cornerWidth, measure, marks]);
  const hole = pointer === null ? null : axis.breakAt(pointer);
  const readout =
    pointer === null ? '' : hole ? `no data for ${formatSpan(hole.end - hole.start)}` : formatDateTime(pointer);
  const pointerX = pointer !== null && a1 > a0 ? xOf(pointer) : null;

  return (
    <div
      className="time-axis"
      ref={ref}
      data-testid="time-axis"
      aria-label="time axis (UTC)"
      title={
        axis.breaks.length ? 'Double-click: show the recording under the cursor whole, again: everything' : undefined
      }
      onDoubleClick={(e) => {
        if (timeline.ready && plot > 0)
          zoomToRunAt(timeline, (e.clientX - e.currentTarget.getBoundingClientRect().left - GRID_LEFT) / plot);
      }}
    >
      {corner && (
        <div className="time-axis-corner" ref={cornerRef}>
          {corner}
        </div>
      )}
      {ticks.map((t) => (
        <span key={t.ts} className={`tick tick-${t.level}`} style={{ left: t.x }} data-ts={t.ts}>
          {t.text}
        </span>
      ))}
      {marks.map((m) => (
        <span
          key={m.b.start}
          className="break-mark"
          data-testid="break-mark"
          data-start={m.b.start}
          data-end={m.b.end}
          style={{ left: m.x }}
          title={holeTitle(m.b)}
        >
          {m.text}
        </span>
      ))}
      {pointerX !== null && pointerX >= GRID_LEFT - 1 && pointerX <= width - GRID_RIGHT + 1 && (
        <span
          className="pointer"
          data-testid="time-axis-pointer"
          style={{ left: Math.min(Math.max(pointerX, measure(readout) / 2 + 6), width - measure(readout) / 2 - 6) }}
        >
          {readout}
        </span>
      )}
    </div>
  );
}

/** What a break's mark says on hover: how long the hole is, from when to when. */
function holeTitle(b: { start: number; end: number }): string {
  const span = `${formatDateTime(b.start)} → ${formatDateTime(b.end)} UTC`;
  const after = 'Lines and rolling figures restart after it.';
  return `No data for ${formatSpan(b.end - b.start)}: ${span}, cut out of the time axis. ${after}`;
}

/** Text width in the strip's own font (cached: the same few labels come back on every frame). */
function useTextMeasure(ref: RefObject<HTMLDivElement | null>): (text: string) => number {
  return useMemo(() => {
    const cache = new Map<string, number>();
    let ctx: CanvasRenderingContext2D | null = null;
    return (text: string) => {
      const hit = cache.get(text);
      if (hit !== undefined) return hit;
      if (!ctx) {
        ctx = document.createElement('canvas').getContext('2d');
        if (ctx && ref.current) ctx.font = getComputedStyle(ref.current).font;
      }
      const w = Math.ceil(ctx ? ctx.measureText(text).width : text.length * 7);
      if (cache.size > 500) cache.clear();
      cache.set(text, w);
      return w;
    };
  }, [ref]);
}
