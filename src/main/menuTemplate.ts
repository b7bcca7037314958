import type { MenuItemConstructorOptions } from 'electron';

/** Presses a renderer shortcut: the renderer owns every action, the menu only points at it. */
export type PressKey = (key: string, modifiers?: ('control' | 'meta' | 'shift')[]) => void;

interface Shortcut {
  label: string;
  key: string;
  /** What the menu shows (the renderer's shortcut); not registered, so the page keeps the key. */
  accelerator: string;
  modifiers?: ('control' | 'meta' | 'shift')[];
}

const item = (s: Shortcut, press: PressKey): MenuItemConstructorOptions => ({
  label: s.label,
  accelerator: s.accelerator,
  registerAccelerator: false,
  click: () => press(s.key, s.modifiers),
});

/**
 * The application menu. Items name the dashboard's keyboard shortcuts and trigger them, so
 * there is one implementation of each action (in the renderer) and the menu teaches the keys.
 */
export function menuTemplate(opts: {
  platform: NodeJS.Platform;
  isDev: boolean;
  appName: string;
  press: PressKey;
}): MenuItemConstructorOptions[] {
  const { press } = opts;
  const mac = opts.platform === 'darwin';
  const cmd = mac ? 'meta' : 'control';
  const template: MenuItemConstructorOptions[] = [];
  if (mac)
    template.push({
      label: opts.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  template.push({
    label: 'File',
    submenu: [
      item({ label: 'Export…', key: 'e', accelerator: 'CmdOrCtrl+E', modifiers: [cmd] }, press),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({ label: 'Edit', submenu: [{ role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] });
  template.push({
    label: 'View',
    submenu: [
      item({ label: 'Pair / Single Symbol', key: 's', accelerator: 'S' }, press),
      item({ label: 'Swap Legs', key: 'x', accelerator: 'X' }, press),
      item({ label: 'Previous Timeframe', key: '[', accelerator: '[' }, press),
      item({ label: 'Next Timeframe', key: ']', accelerator: ']' }, press),
      { type: 'separator' },
      item({ label: 'Zoom In (time)', key: '+', accelerator: '+' }, press),
      item({ label: 'Zoom Out (time)', key: '-', accelerator: '-' }, press),
      item({ label: 'Reset Zoom', key: '0', accelerator: '0' }, press),
      { type: 'separator' },
      item({ label: 'Alerts Panel', key: 'a', accelerator: 'A' }, press),
      item({ label: 'Backtest', key: 'b', accelerator: 'B' }, press),
      item({ label: 'Pair Scanner', key: 'c', accelerator: 'C' }, press),
      item({ label: 'Light / Dark Theme', key: 't', accelerator: 'T' }, press),
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(opts.isDev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
    ],
  });
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: [
      item({ label: 'Keyboard Shortcuts', key: '?', accelerator: '?', modifiers: ['shift'] }, press),
      ...(mac ? [] : [{ role: 'about' } as MenuItemConstructorOptions]),
    ],
  });
  return template;
}
