import { BrokenAxis } from '../lib/brokenAxis';
import { sameBreaks, type TimeBreak } from '../lib/timeBreaks';

/** The one time axis every panel shares: the data extent and the zoomed window. */
export interface TimeWindow {
  /** Full extent of the loaded data in axis units: ms with the breaks collapsed (BrokenAxis;
   * plain ms before the first break, so an axis without breaks is plain time). */
  min: number;
  max: number;
  /** The visible window as percent of the extent (what zoomActions change). */
  start: number;
  end: number;
}

type Listener = (w: TimeWindow, cause: 'extent' | 'zoom') => void;

/**
 * Shared zoom state, the one source of truth for what every panel shows: wheel, drag and
 * keys change it (useTimeChart, zoomActions) and each panel draws the visible range,
 * downsampled, in one update. When live data extends the axis, the visible time window is
 * kept (or slides with the newest data when the view is at the right edge) instead of
 * drifting as the same percentages cover a longer extent.
 *
 * Breaks in the data (src/renderer/lib/timeBreaks.ts) are cut out of the axis: zoom and
 * pan work on axis units, in which each hole is a small gap, and visible() answers in ms.
 */
export class Timeline {
  private w: TimeWindow = { min: 0, max: 1, start: 0, end: 100 };
  private map = new BrokenAxis(0, 1);
  private breaksGiven: readonly TimeBreak[] = [];
  private hasExtent = false;
  private readonly listeners = new Set<Listener>();
  private pointerAt: { ts: number; by: string } | null = null;
  private readonly pointerListeners = new Set<(ts: number | null) => void>();

  /** `key` names the view (pair, timeframe) this timeline belongs to. */
  constructor(readonly key: string) {}

  get window(): TimeWindow {
    return this.w;
  }

  get ready(): boolean {
    return this.hasExtent;
  }

  /** The axis with its breaks: time ↔ axis units, and the runs of data in a view. */
  get axis(): BrokenAxis {
    return this.map;
  }

  /** Visible [from, to] in axis units. */
  visibleAxis(): [number, number] {
    const { min, max, start, end } = this.w;
    return [min + ((max - min) * start) / 100, min + ((max - min) * end) / 100];
  }

  /** Visible [from, to] in ms. */
  visible(): [number, number] {
    const [a, b] = this.visibleAxis();
    return [this.map.fromAxis(a), this.map.fromAxis(b)];
  }

  /** The data extent in ms, and the holes in it (ascending, disjoint) that the axis cuts out. */
  setExtent(min: number, max: number, breaks: readonly TimeBreak[] = []): void {
    if (!(max > min)) max = min + 1;
    const old = this.map;
    if (this.hasExtent && min === old.min && max === old.max && sameBreaks(breaks, this.breaksGiven)) return;
    const map = new BrokenAxis(min, max, breaks);
    let { start, end } = this.w;
    if (this.hasExtent) {
      // Keep the visible times (in ms: the axis units move when breaks come and go).
      const [from, to] = this.visible();
      const following = end >= 99.999;
      const [a, b] = [map.toAxis(from), map.toAxis(to)];
      const span = map.axisMax - map.axisMin;
      const newTo = following ? map.axisMax : b;
      const newFrom = following && start > 0 ? map.axisMax - (b - a) : start <= 0 ? map.axisMin : a;
      start = clamp(((newFrom - map.axisMin) / span) * 100);
      end = clamp(((newTo - map.axisMin) / span) * 100);
    }
    this.hasExtent = true;
    this.map = map;
    this.breaksGiven = breaks;
    this.w = { min: map.axisMin, max: map.axisMax, start, end };
    this.emit('extent');
  }

  /** Shows the times [from, to] (ms), as far as they lie in the extent. */
  showTimes(from: number, to: number): void {
    const { min, max } = this.w;
    const pct = (ts: number) => ((this.map.toAxis(ts) - min) / (max - min)) * 100;
    this.setZoom(pct(from), pct(to));
  }

  setZoom(start: number, end: number): void {
    if (start === this.w.start && end === this.w.end) return;
    this.w = { ...this.w, start: clamp(start), end: clamp(end) };
    this.emit('zoom');
  }

  /** The time under the crosshair, or null when the pointer is off the charts. */
  get pointer(): number | null {
    return this.pointerAt?.ts ?? null;
  }

  /**
   * Moves the crosshair readout. `by` names the chart reporting: linked charts echo the
   * hovered one's pointer and each says when its own is hidden, so only the chart that set
   * the pointer can clear it.
   */
  setPointer(ts: number | null, by: string): void {
    if (ts === null) {
      if (this.pointerAt?.by !== by) return;
      this.pointerAt = null;
    } else {
      if (this.pointerAt?.ts === ts) return;
      this.pointerAt = { ts, by };
    }
    for (const l of this.pointerListeners) l(this.pointer);
  }

  /** Crosshair moves, apart from zoom and extent changes (which redraw every panel). */
  subscribePointer(listener: (ts: number | null) => void): () => void {
    this.pointerListeners.add(listener);
    return () => this.pointerListeners.delete(listener);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(cause: 'extent' | 'zoom'): void {
    for (const l of this.listeners) l(this.w, cause);
  }
}

function clamp(p: number): number {
  return Math.min(100, Math.max(0, p));
}
