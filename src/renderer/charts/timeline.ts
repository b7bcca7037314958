/** The one time axis every panel shares: the data extent and the zoomed window. */
export interface TimeWindow {
  /** Full extent of the loaded data (ms); every chart's x axis spans exactly this. */
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
 */
export class Timeline {
  private w: TimeWindow = { min: 0, max: 1, start: 0, end: 100 };
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

  /** Visible [from, to] in ms. */
  visible(): [number, number] {
    const { min, max, start, end } = this.w;
    return [min + ((max - min) * start) / 100, min + ((max - min) * end) / 100];
  }

  setExtent(min: number, max: number): void {
    if (!(max > min)) max = min + 1;
    if (this.hasExtent && min === this.w.min && max === this.w.max) return;
    let { start, end } = this.w;
    if (this.hasExtent) {
      const [from, to] = this.visible();
      const span = max - min;
      const following = end >= 99.999;
      const newTo = following ? max : to;
      const newFrom = following && start > 0 ? max - (to - from) : start <= 0 ? min : from;
      start = clamp(((newFrom - min) / span) * 100);
      end = clamp(((newTo - min) / span) * 100);
    }
    this.hasExtent = true;
    this.w = { min, max, start, end };
    this.emit('extent');
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
