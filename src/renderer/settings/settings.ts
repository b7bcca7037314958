import {
  HEDGE_METHODS,
  SPREAD_MODES,
  spreadDefinition,
  type HedgeMethod,
  type PairSpec,
  type SpreadMode,
} from '../../shared/contract';
import { TIMEFRAMES, type Timeframe } from '../../shared/market';

export type Theme = 'dark' | 'light';
export const PANEL_IDS = ['candles', 'candles-x', 'normalised', 'spread', 'zscore', 'correlation', 'hedge'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

/** Everything the trader chooses that should survive a restart. */
export interface Settings {
  /** Single-symbol mode shows one leg's candles and stats only. */
  mode: 'pair' | 'single';
  y: string | null;
  x: string | null;
  tf: Timeframe;
  /** Rolling window W in aligned points. */
  window: number;
  /** Band width of the spread (±k·σ) and the z-score threshold. */
  k: number;
  /** The spread definition (../shared/specs/analytics.md): its prices and hedge method. */
  spreadMode: SpreadMode;
  hedge: HedgeMethod;
  theme: Theme;
  /** Chart panels the trader closed (pair mode; single mode shows the candles only). */
  hidden: PanelId[];
  /** Heights in CSS pixels of panels the trader resized by dragging; the others share the
   * space left (never below a readable plot: the stack scrolls instead). */
  heights: Partial<Record<PanelId, number>>;
}

export const DEFAULT_SETTINGS: Settings = {
  mode: 'pair',
  y: null,
  x: null,
  tf: '1s',
  window: 300,
  k: 2,
  spreadMode: 'raw',
  hedge: 'ols',
  theme: 'dark',
  hidden: [],
  heights: {},
};

/** A dragged height is kept within these bounds (CSS pixels); the panel's own least height
 * still applies on screen. */
export const PANEL_HEIGHT_RANGE = [60, 4000] as const;

export const WINDOW_CHOICES = [60, 100, 300, 600, 1000, 3600] as const;

const KEY = 'tickscope.settings.v1';

/** Reads saved settings, keeping only fields that are still valid (a bad value falls back). */
export function loadSettings(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Settings {
  let raw: Partial<Record<keyof Settings, unknown>> = {};
  try {
    raw = JSON.parse(storage?.getItem(KEY) ?? '{}') as typeof raw;
  } catch {
    raw = {};
  }
  const s = { ...DEFAULT_SETTINGS };
  if (raw.mode === 'pair' || raw.mode === 'single') s.mode = raw.mode;
  if (typeof raw.y === 'string') s.y = raw.y;
  if (typeof raw.x === 'string') s.x = raw.x;
  if (TIMEFRAMES.includes(raw.tf as Timeframe)) s.tf = raw.tf as Timeframe;
  if (Number.isInteger(raw.window) && (raw.window as number) >= 10 && (raw.window as number) <= 100_000)
    s.window = raw.window as number;
  if (typeof raw.k === 'number' && raw.k > 0 && raw.k <= 10) s.k = raw.k;
  if (SPREAD_MODES.includes(raw.spreadMode as SpreadMode)) s.spreadMode = raw.spreadMode as SpreadMode;
  if (HEDGE_METHODS.includes(raw.hedge as HedgeMethod)) s.hedge = raw.hedge as HedgeMethod;
  if (raw.theme === 'dark' || raw.theme === 'light') s.theme = raw.theme;
  if (Array.isArray(raw.hidden)) s.hidden = raw.hidden.filter((p): p is PanelId => PANEL_IDS.includes(p as PanelId));
  s.heights = {};
  if (raw.heights && typeof raw.heights === 'object') {
    for (const [id, h] of Object.entries(raw.heights as Record<string, unknown>)) {
      if (
        PANEL_IDS.includes(id as PanelId) &&
        typeof h === 'number' &&
        h >= PANEL_HEIGHT_RANGE[0] &&
        h <= PANEL_HEIGHT_RANGE[1]
      )
        s.heights[id as PanelId] = Math.round(h);
    }
  }
  return s;
}

/**
 * The spread definition a PairSpec carries for these settings: nothing for raw OLS (so the
 * spec, its key and every request stay what they were), else mode and hedge (ratio: mode only).
 */
export function spreadOfSettings(s: Pick<Settings, 'spreadMode' | 'hedge'>): Pick<PairSpec, 'mode' | 'hedge'> {
  const d = spreadDefinition({ mode: s.spreadMode, hedge: s.hedge });
  if (d.mode === 'raw' && d.hedge === 'ols') return {};
  return d.mode === 'ratio' ? { mode: d.mode } : { mode: d.mode, hedge: d.hedge };
}

export function saveSettings(s: Settings, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(s));
  } catch {
    // Storage full or disabled (private mode): settings then last for the session only.
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
