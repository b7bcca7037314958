import { barStart } from '../../shared/market';

/**
 * Breaks in what the charts hold: stretches of time with no data that the time axis cuts
 * out, so that two recordings weeks apart sit side by side instead of as slivers at the
 * edges of an empty axis (issue #13, item 1). The definition is the analytics' own
 * (src/core/analytics/breaks.ts, which the renderer may not import): a break is
 * - a silence: no bar on any shown series for longer than max(10 × tf, 5 min), from the
 *   end of one bar (`ts + tf`) to the start of the next;
 * - an unfilled gap in the recorded trades of a shown leg: the bars from the gap's first
 *   bar up to the bar where trades resume hold no trustworthy price.
 */
export interface TimeBreak {
  /** First instant without data (ms): the end of the last bar before the break. */
  start: number;
  /** Where data resumes (ms): the start of the first bar after it. */
  end: number;
}

/** The shortest silence that is a break whatever the timeframe (as src/core/analytics/breaks.ts). */
export const MIN_BREAK_MS = 5 * 60_000;

/** A silence longer than this (ms) between bars of timeframe `tfMs` is a break. */
export function breakThresholdMs(tfMs: number): number {
  return Math.max(10 * tfMs, MIN_BREAK_MS);
}

/** An unfilled gap of one leg: the trades around the missing ids (ms). */
export interface GapSpan {
  from: number;
  to: number;
}

/**
 * The breaks across `series` (each sorted by ts, e.g. both legs' bars and the pair's
 * points), ascending and disjoint. `barMs` is the time one element covers (the timeframe,
 * or an overview's fold); `gaps` are unfilled gaps of the legs shown.
 */
export function findBreaks(
  series: readonly (readonly { ts: number }[])[],
  barMs: number,
  gaps: readonly GapSpan[] = [],
): TimeBreak[] {
  if (!(barMs > 0)) throw new RangeError(`findBreaks: bar span must be > 0 ms, got ${barMs}`);
  const threshold = breakThresholdMs(barMs);
  const found: TimeBreak[] = [];
  // A k-way walk over the sorted lists: no merged copy of a day of 1 s bars per update.
  const at = series.map(() => 0);
  let prev: number | null = null;
  for (;;) {
    let pick = -1;
    for (let k = 0; k < series.length; k++) {
      const list = series[k];
      if (at[k] < list.length && (pick < 0 || list[at[k]].ts < series[pick][at[pick]].ts)) pick = k;
    }
    if (pick < 0) break;
    const ts = series[pick][at[pick]++].ts;
    if (prev !== null && ts - prev - barMs > threshold) found.push({ start: prev + barMs, end: ts });
    if (prev === null || ts > prev) prev = ts;
  }
  for (const g of gaps) {
    if (!Number.isFinite(g.from) || !Number.isFinite(g.to)) continue;
    const lo = barStart(Math.min(g.from, g.to), barMs) + barMs;
    const hi = barStart(Math.max(g.from, g.to), barMs);
    // A gap inside one bar still splits the lines there, drawn as a break of no width.
    found.push({ start: Math.min(lo, hi), end: hi });
  }
  return mergeBreaks(found);
}

/** Sorts and joins overlapping breaks (a gap inside a silence is one break). */
export function mergeBreaks(list: readonly TimeBreak[]): TimeBreak[] {
  const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TimeBreak[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && b.start <= last.end) last.end = Math.max(last.end, b.end);
    else out.push({ ...b });
  }
  return out;
}

/** Whether two break lists are the same (callers recompute them on every data push). */
export function sameBreaks(a: readonly TimeBreak[], b: readonly TimeBreak[]): boolean {
  return a.length === b.length && a.every((x, i) => x.start === b[i].start && x.end === b[i].end);
}

/** The gaps of the status (its latest unfilled gap) that concern the symbols shown. */
export function gapsOfLegs(
  latest: { symbol: string; from: number | null; to: number | null } | null | undefined,
  legs: readonly (string | null)[],
): GapSpan[] {
  if (!latest || !legs.includes(latest.symbol)) return [];
  const to = latest.to ?? latest.from;
  const from = latest.from ?? latest.to;
  return from === null || to === null ? [] : [{ from, to }];
}

/** A hole's length for people: "20 d 23 h", "3 h 5 min", "7 min", "45 s". */
export function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}
