import { mergeBreaks, type TimeBreak } from './timeBreaks';

/** A break as drawn: the hole [start, end] (ms) takes `gap` axis units on screen. */
export interface AxisBreak extends TimeBreak {
  gap: number;
}

/** A stretch of data time in view, with the whole run of data (between breaks) it lies in. */
export interface ViewSegment {
  /** Visible part (ms). */
  from: number;
  to: number;
  /** The run of data around it: nothing from before `lo` or after `hi` may join it. */
  lo: number;
  hi: number;
  /** Its share of the plot width (px, fractional). */
  width: number;
  /** Where it starts, in px from the plot's left edge. */
  x: number;
}

/** Share of the data's time each break takes on screen, and the most all breaks take together. */
const GAP_SHARE = 0.03;
const ALL_GAPS_SHARE = 0.25;

/**
 * The time axis with its breaks collapsed: "axis units" are milliseconds of data time, with
 * each hole replaced by a small fixed gap. Before the first break an axis unit is the time
 * itself, so an axis without breaks is plain time. Zoom works on axis units (two
 * recordings weeks apart share the width by how much data each holds), and the charts get
 * the same breaks as ECharts `xAxis.breaks` with absolute gaps, which ECharts maps the same
 * piecewise-linear way (echarts/lib/scale/breakImpl.js).
 */
export class BrokenAxis {
  readonly breaks: readonly AxisBreak[];
  /** The extent in axis units. */
  readonly axisMin: number;
  readonly axisMax: number;

  constructor(
    /** The data extent in ms. */
    readonly min: number,
    readonly max: number,
    breaks: readonly TimeBreak[] = [],
  ) {
    if (!(max >= min)) throw new RangeError(`BrokenAxis: extent [${min}, ${max}] is empty`);
    const inside = mergeBreaks(breaks).filter((b) => b.end >= b.start && b.start > min && b.end < max);
    const holes = inside.reduce((s, b) => s + (b.end - b.start), 0);
    const data = max - min - holes;
    const gap = data * Math.min(GAP_SHARE, ALL_GAPS_SHARE / Math.max(1, inside.length));
    this.breaks = inside.map((b) => ({ start: b.start, end: b.end, gap: Math.min(b.end - b.start, gap) }));
    this.axisMin = min;
    this.axisMax = this.toAxis(max);
  }

  /** Time (ms) → axis units. */
  toAxis(ts: number): number {
    let cut = 0;
    for (const b of this.breaks) {
      if (ts <= b.start) break;
      if (ts < b.end) return b.start - cut + ((ts - b.start) / (b.end - b.start)) * b.gap;
      cut += b.end - b.start - b.gap;
    }
    return ts - cut;
  }

  /** Axis units → time (ms); a place on a break's gap reads as the matching time in the hole. */
  fromAxis(a: number): number {
    let cut = 0;
    for (const b of this.breaks) {
      const s = b.start - cut;
      if (a <= s) break;
      if (a < s + b.gap) return b.start + ((a - s) / b.gap) * (b.end - b.start);
      cut += b.end - b.start - b.gap;
    }
    return a + cut;
  }

  /** The break whose hole holds `ts` (strictly inside), if any. */
  breakAt(ts: number): AxisBreak | null {
    return this.breaks.find((b) => ts > b.start && ts < b.end) ?? null;
  }

  /** The run of data [lo, hi] (ms) that holds `ts`, or the one nearest to it when in a hole. */
  runAt(ts: number): { lo: number; hi: number } {
    let lo = this.min;
    for (const b of this.breaks) {
      if (ts < b.end) {
        // In the hole: the run before or after it, whichever is nearer on screen.
        if (ts > b.start && this.toAxis(ts) - this.toAxis(b.start) > b.gap / 2)
          return { lo: b.end, hi: this.runEnd(b.end) };
        return { lo, hi: b.start };
      }
      lo = b.end;
    }
    return { lo, hi: this.max };
  }

  /** The runs of data between the breaks, in time order. */
  runs(): { lo: number; hi: number }[] {
    const out: { lo: number; hi: number }[] = [];
    let lo = this.min;
    for (const b of this.breaks) {
      out.push({ lo, hi: b.start });
      lo = b.end;
    }
    out.push({ lo, hi: this.max });
    return out;
  }

  private runEnd(from: number): number {
    return this.breaks.find((b) => b.start >= from)?.start ?? this.max;
  }

  /**
   * The runs of data within the view [from, to] (ms) laid on a plot `width` px wide: what
   * each panel downsamples separately (so no candle or line point straddles a break) and
   * what the time labels are placed on.
   */
  segments(from: number, to: number, width: number): ViewSegment[] {
    const a0 = this.toAxis(from);
    const span = this.toAxis(to) - a0;
    if (!(span > 0)) return [];
    const px = (ts: number) => ((this.toAxis(ts) - a0) / span) * width;
    const out: ViewSegment[] = [];
    for (const run of this.runs()) {
      const f = Math.max(from, run.lo);
      const t = Math.min(to, run.hi);
      if (t <= f) continue;
      out.push({ from: f, to: t, lo: run.lo, hi: run.hi, x: px(f), width: px(t) - px(f) });
    }
    return out;
  }
}
