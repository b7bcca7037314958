/**
 * Time-axis labels: which instants get a label and what each one says, so that labels
 * never overlap and say what the visible span needs (seconds when zoomed in, the date
 * where the view crosses midnight, the year where it crosses a year). Pure: the caller
 * measures text and draws.
 *
 * The axis is given as a list of segments (times and the pixels they are drawn on) rather
 * than one linear span, so that an axis with breaks (gaps in the data cut out of the time
 * axis) is labelled the same way: a label after a break that lands on another day or year
 * than the label before it says so.
 */

/** A piece of the time axis on screen: times [from, to] drawn on pixels [x0, x1]. */
export interface AxisSegment {
  from: number;
  to: number;
  x0: number;
  x1: number;
}

/** How much a label's instant stands for: a boundary is printed as the date or year itself. */
export type TickLevel = 'time' | 'day' | 'month' | 'year';

export interface TimeTick {
  ts: number;
  /** Centre of the label, in the segments' pixels. */
  x: number;
  text: string;
  width: number;
  level: TickLevel;
}

/** A stretch of the strip other text takes (a break's label), in the ticks' pixels. */
export interface Obstacle {
  x0: number;
  x1: number;
}

export interface TickOptions {
  /** Least free space between two labels, in pixels. */
  gap?: number;
  /** Labels must lie entirely within [minX, maxX] (default: the segments' pixel range). */
  minX?: number;
  maxX?: number;
  /** Stretches other text takes (a break's label): a label there is left out, and the next
   * one is worded as the first after it (with the date when the day changed). */
  avoid?: readonly Obstacle[];
}

type Unit = 'second' | 'minute' | 'day' | 'month' | 'year';
interface Step {
  unit: Unit;
  /** Multiple of the unit (seconds and minutes are turned into ms). */
  n: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Candidate steps, finest first. Every sub-day step divides a day, so midnight is always a tick. */
const STEPS: Step[] = [
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ unit: 'second' as const, n: n * SECOND })),
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ unit: 'minute' as const, n: n * MINUTE })),
  ...[1, 2, 3, 6, 12].map((n) => ({ unit: 'minute' as const, n: n * HOUR })),
  ...[1, 2, 5, 10, 15].map((n) => ({ unit: 'day' as const, n })),
  ...[1, 2, 3, 6].map((n) => ({ unit: 'month' as const, n })),
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map((n) => ({ unit: 'year' as const, n })),
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Labels for the visible axis: the finest step whose labels all fit without overlapping. */
export function timeTicks(
  segments: readonly AxisSegment[],
  measure: (text: string) => number,
  opts: TickOptions = {},
): TimeTick[] {
  const segs = segments.filter((s) => s.to > s.from && s.x1 > s.x0);
  if (segs.length === 0) return [];
  const gap = opts.gap ?? 16;
  const minX = opts.minX ?? Math.min(...segs.map((s) => s.x0));
  const maxX = opts.maxX ?? Math.max(...segs.map((s) => s.x1));
  // No label is narrower than a bare "00:00": a step denser than that cannot fit, and is
  // skipped before any tick of it is generated (a year at a one-second step is 31M ticks).
  const narrowest = measure('00:00') + gap;
  let last: TimeTick[] = [];
  for (const step of STEPS) {
    const fits = segs.every((s) => approxCount(s, step) <= (s.x1 - s.x0) / narrowest + 1);
    if (!fits) continue;
    const perSegment = layout(segs, step, measure, minX, maxX, opts.avoid ?? []);
    last = perSegment.flat();
    if (perSegment.every((list) => noOverlap(list, gap))) return acrossBreaks(perSegment, gap);
  }
  // Too narrow for even the sparsest grid: keep every label that clears the one before.
  return thin(last, gap);
}

function approxCount(s: AxisSegment, step: Step): number {
  const span = s.to - s.from;
  if (step.unit === 'second' || step.unit === 'minute') return span / step.n;
  if (step.unit === 'day') return span / (step.n * DAY);
  if (step.unit === 'month') return span / (step.n * 28 * DAY);
  return span / (step.n * 365 * DAY);
}

/** The step's labels, per segment (each worded against the label shown before it). */
function layout(
  segs: readonly AxisSegment[],
  step: Step,
  measure: (text: string) => number,
  minX: number,
  maxX: number,
  avoid: readonly Obstacle[],
): TimeTick[][] {
  const all: TimeTick[][] = [];
  let prev: number | null = null;
  for (const s of segs) {
    const out: TimeTick[] = [];
    all.push(out);
    for (const ts of instants(s.from, s.to, step)) {
      const [text, level] = labelOf(ts, step, prev);
      const width = measure(text);
      const x = s.x0 + ((ts - s.from) / (s.to - s.from)) * (s.x1 - s.x0);
      // A label cut by the axis' ends is dropped, not squeezed.
      if (x - width / 2 < minX || x + width / 2 > maxX) continue;
      if (avoid.some((o) => x + width / 2 > o.x0 && x - width / 2 < o.x1)) continue;
      out.push({ ts, x, text, width, level });
      prev = ts;
    }
  }
  return all;
}

/**
 * Joins the segments' labels. Across a break two grids meet and their labels can collide:
 * the last labels before the break give way to the first one after it, which says where
 * the axis resumes.
 */
function acrossBreaks(perSegment: TimeTick[][], gap: number): TimeTick[] {
  const out: TimeTick[] = [];
  for (const list of perSegment) {
    for (const [i, t] of list.entries()) {
      if (i === 0) while (out.length && !noOverlap([out[out.length - 1], t], gap)) out.pop();
      out.push(t);
    }
  }
  return out;
}

function thin(ticks: readonly TimeTick[], gap: number): TimeTick[] {
  const kept: TimeTick[] = [];
  for (const t of ticks) if (kept.length === 0 || noOverlap([kept[kept.length - 1], t], gap)) kept.push(t);
  return kept;
}

function noOverlap(ticks: readonly TimeTick[], gap: number): boolean {
  for (let i = 1; i < ticks.length; i++) {
    const a = ticks[i - 1];
    const b = ticks[i];
    if (a.x + a.width / 2 + gap > b.x - b.width / 2) return false;
  }
  return true;
}

/** Every instant of the step's grid within [from, to], aligned to UTC calendar boundaries. */
function* instants(from: number, to: number, step: Step): Generator<number> {
  if (step.unit === 'second' || step.unit === 'minute') {
    for (let t = Math.ceil(from / step.n) * step.n; t <= to; t += step.n) yield t;
    return;
  }
  const d = new Date(from);
  if (step.unit === 'day') {
    // Days of the month 1, 1+n, 1+2n…; the last one of a month is left out when the next
    // month's first is nearer than n days (10-day steps: 1, 11, 21, not 31 and then 1).
    let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    if (t < from) t += DAY;
    for (; t <= to; t += DAY) {
      const day = new Date(t);
      const dom = day.getUTCDate();
      const inMonth = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
      if ((dom - 1) % step.n === 0 && (step.n === 1 || inMonth - dom + 1 >= step.n)) yield t;
    }
    return;
  }
  if (step.unit === 'month') {
    const y = d.getUTCFullYear();
    let m = d.getUTCMonth();
    if (Date.UTC(y, m, 1) < from) m++;
    for (let t = Date.UTC(y, m, 1); t <= to; m++, t = Date.UTC(y, m, 1))
      if (new Date(t).getUTCMonth() % step.n === 0) yield t;
    return;
  }
  let y = Math.ceil(d.getUTCFullYear() / step.n) * step.n;
  if (Date.UTC(y, 0, 1) < from) y += step.n;
  for (; Date.UTC(y, 0, 1) <= to; y += step.n) yield Date.UTC(y, 0, 1);
}

/**
 * A tick's text. On a time-of-day grid, midnight prints the date and New Year the year;
 * on a day grid, New Year prints the year; on a month grid, January does. A label that
 * lands on another day (or year) than the label shown before it without being that
 * boundary (after an axis break, or when the boundary's own label fell off the axis' end)
 * carries the date (or year) in front.
 */
function labelOf(ts: number, step: Step, prev: number | null): [string, TickLevel] {
  const d = new Date(ts);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const dom = d.getUTCDate();
  const midnight = ts % DAY === 0;
  const level: TickLevel =
    midnight && dom === 1 && mo === 0 ? 'year' : midnight && dom === 1 ? 'month' : midnight ? 'day' : 'time';
  const p = prev === null ? null : new Date(prev);
  const newYear = p !== null && p.getUTCFullYear() !== y;
  const newDay = p !== null && (newYear || p.getUTCMonth() !== mo || p.getUTCDate() !== dom);
  const date = `${MONTHS[mo]} ${dom}${newYear ? ` ${y}` : ''}`;
  if (step.unit === 'second' || step.unit === 'minute') {
    if (level === 'year') return [String(y), level];
    if (level !== 'time') return [date, level];
    const clock =
      step.unit === 'second'
        ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
        : `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    return [newDay ? `${date} ${clock}` : clock, level];
  }
  if (step.unit === 'day') return level === 'year' ? [String(y), level] : [date, level];
  if (step.unit === 'month')
    return level === 'year' ? [String(y), level] : [newYear ? `${MONTHS[mo]} ${y}` : MONTHS[mo], level];
  return [String(y), level];
}
