import type { PairSpec } from '../../shared/contract';
import { TIMEFRAMES, type Timeframe } from '../../shared/market';
import type { Settings } from '../settings/settings';

/** Where an alert (or a clicked native notification) asks the charts to look. */
export interface FocusTarget {
  symbol?: string;
  pair?: PairSpec | { y: string; x: string; tf: string; window: number };
  ts: number;
}

/** Bars shown either side of the focused time: enough context to see what led up to it. */
export const FOCUS_BARS_EACH_SIDE = 60;

/** The settings that show a target: its pair (with its timeframe and window), or its symbol. */
export function focusPatch(t: FocusTarget, s: Settings): Partial<Settings> {
  if (t.pair) {
    const tf = TIMEFRAMES.includes(t.pair.tf as Timeframe) ? (t.pair.tf as Timeframe) : s.tf;
    return { mode: 'pair', y: t.pair.y, x: t.pair.x, tf, window: t.pair.window };
  }
  if (!t.symbol) return {};
  // A leg of the pair on screen is shown in place; another symbol gets its own view.
  if (s.mode === 'pair' && (t.symbol === s.y || t.symbol === s.x)) return {};
  return { mode: 'single', y: t.symbol };
}

/** The key the dashboard names a view by (see App): focus waits for this view's data. */
export function viewKeyOf(s: Pick<Settings, 'mode' | 'y' | 'x' | 'tf'>): string {
  return `${s.mode}|${s.y}|${s.x}|${s.tf}`;
}

/** Zoom (percent of the data extent) that centres `ts` with FOCUS_BARS_EACH_SIDE bars around it. */
export function zoomAround(ts: number, tfMs: number, min: number, max: number): [number, number] {
  const span = max - min;
  if (!(span > 0)) return [0, 100];
  const half = FOCUS_BARS_EACH_SIDE * tfMs;
  const pct = (t: number) => Math.min(100, Math.max(0, ((t - min) / span) * 100));
  let start = pct(ts - half);
  let end = pct(ts + half);
  if (end - start < 0.01) {
    // The time lies outside what is loaded: show the nearest edge rather than nothing.
    start = Math.max(0, Math.min(start, 99));
    end = Math.min(100, start + 1);
  }
  return [start, end];
}
