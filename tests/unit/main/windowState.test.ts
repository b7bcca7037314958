import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clampToDisplays,
  parseWindowState,
  readWindowState,
  restoreWindowState,
  trackWindowState,
  writeWindowState,
  type Rect,
  type WindowLike,
} from '../../../src/main/window/windowState';

const DEFAULTS = { width: 1440, height: 900, minWidth: 1280, minHeight: 720 };
const PRIMARY: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const RIGHT: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'tickscope-winstate-'));
  dirs.push(d);
  return join(d, 'sub', 'window-state.json');
};

describe('window state: restore', () => {
  it('first run: default size centred on the primary display, not maximised', () => {
    expect(restoreWindowState(null, [PRIMARY], PRIMARY, DEFAULTS)).toEqual({
      bounds: { x: 240, y: 70, width: 1440, height: 900 },
      maximized: false,
    });
  });

  it('keeps bounds that are on a connected display, and the maximised flag', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: true };
    expect(restoreWindowState(saved, [PRIMARY, RIGHT], PRIMARY, DEFAULTS)).toEqual(saved);
  });

  it('a window left on an unplugged monitor comes back centred on the primary display', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: false };
    expect(restoreWindowState(saved, [PRIMARY], PRIMARY, DEFAULTS).bounds).toEqual({
      x: 160,
      y: 20,
      width: 1600,
      height: 1000,
    });
  });

  it('a window hanging mostly off the edge is moved fully inside its display', () => {
    const b = clampToDisplays({ x: 1500, y: -50, width: 1400, height: 800 }, [PRIMARY], PRIMARY, DEFAULTS);
    expect(b).toEqual({ x: 520, y: 0, width: 1400, height: 800 });
  });

  it('a window bigger than its display shrinks to the work area, but not below the minimum size', () => {
    const small: Rect = { x: 0, y: 0, width: 1366, height: 728 };
    expect(clampToDisplays({ x: 0, y: 0, width: 3000, height: 2000 }, [small], small, DEFAULTS)).toEqual(small);
    expect(clampToDisplays({ x: 10, y: 10, width: 400, height: 300 }, [PRIMARY], PRIMARY, DEFAULTS)).toEqual({
      x: 10,
      y: 10,
      width: 1280,
      height: 720,
    });
  });

  it('a sliver (under 64 px) on screen counts as lost', () => {
    const b = clampToDisplays({ x: 1900, y: 100, width: 1400, height: 800 }, [PRIMARY], PRIMARY, DEFAULTS);
    expect(b).toEqual({ x: 260, y: 120, width: 1400, height: 800 });
  });
});

describe('window state: the file', () => {
  it('round-trips through the JSON file (directory created)', () => {
    const file = tempFile();
    const state = { bounds: { x: 5, y: 6, width: 1300, height: 800 }, maximized: true };
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
  });

  it('a missing, corrupt or nonsensical file means "no saved state", never a crash', () => {
    const file = tempFile();
    expect(readWindowState(file)).toBeNull();
    writeWindowState(file, { bounds: { x: 0, y: 0, width: 1, height: 1 }, maximized: false });
    writeFileSync(file, '{"bounds": {"x": 0, "y":');
    expect(readWindowState(file)).toBeNull();
    expect(parseWindowState('{"bounds":{"x":0,"y":0,"width":-5,"height":10}}')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":"0","y":0,"width":5,"height":10}}')).toBeNull();
    expect(parseWindowState('null')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":1,"y":2,"width":5,"height":10},"maximized":"yes"}')).toEqual({
      bounds: { x: 1, y: 2, width: 5, height: 10 },
      maximized: false,
    });
  });
});

class FakeWindow implements WindowLike {
  bounds: Rect = { x: 10, y: 20, width: 1300, height: 800 };
  maximized = false;
  minimized = false;
  listeners = new Map<string, Set<() => void>>();
  getNormalBounds = () => ({ ...this.bounds });
  isMaximized = () => this.maximized;
  isMinimized = () => this.minimized;
  on(event: string, fn: () => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
  }
  removeListener(event: string, fn: () => void) {
    this.listeners.get(event)?.delete(fn);
  }
  emit(event: string) {
    for (const fn of this.listeners.get(event) ?? []) fn();
  }
  listenerCount() {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
}

function fakeTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    setTimer: (fn: () => void) => {
      pending.set(next, fn);
      return next++;
    },
    clearTimer: (h: unknown) => pending.delete(h as number),
    fire: () => {
      const fns = [...pending.values()];
      pending.clear();
      fns.forEach((f) => f());
    },
    pending,
  };
}

describe('window state: tracking', () => {
  it('saves once after a burst of moves, and immediately on close', () => {
    const win = new FakeWindow();
    const timers = fakeTimers();
    const saved: unknown[] = [];
    trackWindowState(win, (s) => saved.push(s), timers);
    win.emit('move');
    win.bounds.x = 50;
    win.emit('move');
    win.emit('resize');
    expect(saved).toEqual([]);
    expect(timers.pending.size).toBe(1);
    timers.fire();
    expect(saved).toEqual([{ bounds: { x: 50, y: 20, width: 1300, height: 800 }, maximized: false }]);
    win.maximized = true;
    win.emit('close');
    expect(saved.at(-1)).toEqual({ bounds: { x: 50, y: 20, width: 1300, height: 800 }, maximized: true });
    expect(timers.pending.size).toBe(0);
  });

  it('closing while minimised keeps the last good state instead of the minimised bounds', () => {
    const win = new FakeWindow();
    const timers = fakeTimers();
    const saved: { bounds: Rect }[] = [];
    trackWindowState(win, (s) => saved.push(s), timers);
    win.emit('resize');
    timers.fire();
    win.minimized = true;
    win.bounds = { x: -32000, y: -32000, width: 160, height: 28 };
    win.emit('close');
    expect(saved.at(-1)!.bounds).toEqual({ x: 10, y: 20, width: 1300, height: 800 });
  });

  it('dispose removes every listener and the pending save', () => {
    const win = new FakeWindow();
    const timers = fakeTimers();
    const saved: unknown[] = [];
    const d = trackWindowState(win, (s) => saved.push(s), timers);
    win.emit('move');
    d.dispose();
    expect(win.listenerCount()).toBe(0);
    expect(timers.pending.size).toBe(0);
    expect(saved).toEqual([]);
  });
});
