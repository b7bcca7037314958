import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Disposable } from '../../engine/api/eventHub';

// Window geometry survives restarts: bounds and maximised state in <userData>/window-state.json.
// Electron stays out of this module (displays and the window are passed in) so it is tested
// with fakes; src/main/index.ts hands it screen work areas and the BrowserWindow.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Normal (un-maximised) bounds, so un-maximising after a restore goes back to them. */
  bounds: Rect;
  maximized: boolean;
}

export interface WindowDefaults {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** The parts of BrowserWindow this module uses. */
export interface WindowLike {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isMinimized(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  removeListener(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

/** How much of a window must be on a display to count as reachable (title bar grabbable). */
const MIN_VISIBLE_PX = 64;

const isFiniteRect = (r: unknown): r is Rect =>
  typeof r === 'object' &&
  r !== null &&
  ['x', 'y', 'width', 'height'].every((k) => Number.isFinite((r as Record<string, unknown>)[k]));

/** A saved state, or null when the text is missing, corrupt or nonsensical. */
export function parseWindowState(text: string | null): WindowState | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as Record<string, unknown>;
  if (!isFiniteRect(bounds) || bounds.width <= 0 || bounds.height <= 0) return null;
  return {
    bounds: { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height },
    maximized: maximized === true,
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function centred(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: Math.round(area.x + (area.width - w) / 2),
    y: Math.round(area.y + (area.height - h) / 2),
    width: w,
    height: h,
  };
}

/**
 * Fits saved bounds to the displays that exist now: a window left on a monitor that has since
 * been unplugged (or mostly off-screen) is centred on the primary display; otherwise it is
 * shrunk to its display's work area if needed and moved fully inside it.
 */
export function clampToDisplays(
  bounds: Rect,
  workAreas: readonly Rect[],
  primary: Rect,
  defaults: WindowDefaults,
): Rect {
  let best: Rect | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const o = overlap(bounds, area);
    if (o > bestOverlap) {
      bestOverlap = o;
      best = area;
    }
  }
  const visibleW = best ? Math.min(bounds.x + bounds.width, best.x + best.width) - Math.max(bounds.x, best.x) : 0;
  const visibleH = best ? Math.min(bounds.y + bounds.height, best.y + best.height) - Math.max(bounds.y, best.y) : 0;
  if (!best || visibleW < MIN_VISIBLE_PX || visibleH < MIN_VISIBLE_PX) {
    return centred(primary, Math.max(bounds.width, defaults.minWidth), Math.max(bounds.height, defaults.minHeight));
  }
  const width = Math.min(Math.max(bounds.width, defaults.minWidth), best.width);
  const height = Math.min(Math.max(bounds.height, defaults.minHeight), best.height);
  const x = Math.min(Math.max(bounds.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(bounds.y, best.y), best.y + best.height - height);
  return { x, y, width, height };
}

/** The state to open the window with: the saved one fitted to today's displays, else defaults centred. */
export function restoreWindowState(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  primary: Rect,
  defaults: WindowDefaults,
): WindowState {
  if (!saved) return { bounds: centred(primary, defaults.width, defaults.height), maximized: false };
  return { bounds: clampToDisplays(saved.bounds, workAreas, primary, defaults), maximized: saved.maximized };
}

export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Written to a temp file and renamed, so a crash mid-write never leaves half a JSON file. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

export interface TrackOptions {
  /** Moves and resizes arrive in bursts while dragging; save once they settle (default 500 ms). */
  debounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Saves the window's state after it moves, resizes or (un)maximises, and once more on close. */
export function trackWindowState(
  win: WindowLike,
  save: (state: WindowState) => void,
  opts: TrackOptions = {},
): Disposable {
  const debounceMs = opts.debounceMs ?? 500;
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let timer: unknown = null;
  let last: WindowState | null = null;

  const saveNow = (): void => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    // A minimised window's bounds are meaningless on some platforms: keep the last good state.
    if (win.isMinimized()) {
      if (last) save(last);
      return;
    }
    last = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    save(last);
  };
  const later = (): void => {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(saveNow, debounceMs);
  };
  const events = ['resize', 'move', 'maximize', 'unmaximize'] as const;
  for (const e of events) win.on(e, later);
  win.on('close', saveNow);
  return {
    dispose: () => {
      if (timer !== null) clearTimer(timer);
      timer = null;
      for (const e of events) win.removeListener(e, later);
      win.removeListener('close', saveNow);
    },
  };
}
