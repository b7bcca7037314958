import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { formatDateTime } from '../lib/format';
import { GRID_LEFT, GRID_RIGHT } from './axisStyle';
import type { Timeline } from './timeline';
import { timeTicks } from './timeTicks';

/**
 * The time labels of the panel stack: one strip under the panels, pinned to the bottom of
 * the stack's scroll area so it stays in view whichever panels are shown and however far
 * the stack is scrolled (the panels draw no time labels of their own). It has the panels'
 * horizontal geometry, so its pixels are the charts' pixels. The crosshair's time is
 * printed on it in full (date and time to the second).
 */
export function TimeAxis({ timeline, corner }: { timeline: Timeline; corner?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const cornerRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [cornerWidth, setCornerWidth] = useState(0);
  const hasCorner = Boolean(corner);
  const [, setVersion] = useState(0);
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
  const [from, to] = timeline.ready ? timeline.visible() : [0, 0];
  const ticks = useMemo(
    () => (timeline.ready && width > GRID_LEFT + GRID_RIGHT ? timeTicks([{ from, to, x0: GRID_LEFT, x1: width - GRID_RIGHT }], measure, { minX: cornerWidth + 4, maxX: width - 2 }) : []),
    [timeline.ready, from, to, width, cornerWidth, measure],
  );
  const readout = pointer === null ? '' : formatDateTime(pointer);
  const pointerX = pointer !== null && to > from ? GRID_LEFT + ((pointer - from) / (to - from)) * (width - GRID_LEFT - GRID_RIGHT) : null;

  return (
    <div className="time-axis" ref={ref} data-testid="time-axis" aria-label="time axis (UTC)">
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
      {pointerX !== null && pointerX >= GRID_LEFT - 1 && pointerX <= width - GRID_RIGHT + 1 && (
        <span className="pointer" data-testid="time-axis-pointer" style={{ left: Math.min(Math.max(pointerX, measure(readout) / 2 + 6), width - measure(readout) / 2 - 6) }}>
          {readout}
        </span>
      )}
    </div>
  );
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
