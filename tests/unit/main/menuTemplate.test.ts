import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../../src/main/menuTemplate';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('application menu', () => {
  it('every custom item presses the renderer shortcut it shows, without stealing the key', () => {
    const pressed: string[] = [];
    const items = flatten(
      menuTemplate({
        platform: 'linux',
        isDev: false,
        appName: 'Tickscope',
        press: (k, m) => pressed.push([...(m ?? []), k].join('+')),
      }),
    );
    const custom = items.filter((i) => i.click);
    expect(custom.map((i) => i.label)).toEqual(
      expect.arrayContaining(['Export…', 'Reset Zoom', 'Light / Dark Theme', 'Backtest', 'Keyboard Shortcuts']),
    );
    for (const i of custom) {
      expect(i.registerAccelerator).toBe(false);
      (i.click as () => void)();
    }
    expect(pressed).toContain('control+e');
    expect(pressed).toContain('t');
    expect(pressed).toContain('b');
    expect(pressed).toContain('shift+?');
  });

  it('uses Cmd on macOS, has the app menu there, and dev tools only in development', () => {
    const pressed: string[] = [];
    const mac = menuTemplate({
      platform: 'darwin',
      isDev: false,
      appName: 'Tickscope',
      press: (k, m) => pressed.push([...(m ?? []), k].join('+')),
    });
    expect(mac[0].label).toBe('Tickscope');
    const exportItem = flatten(mac).find((i) => i.label === 'Export…')!;
    (exportItem.click as () => void)();
    expect(pressed).toEqual(['meta+e']);
    expect(flatten(mac).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(
      flatten(menuTemplate({ platform: 'linux', isDev: true, appName: 'T', press: () => undefined })).some(
        (i) => i.role === 'toggleDevTools',
      ),
    ).toBe(true);
  });
});
