import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

/**
 * The one place a window is constructed. The checklist is spelt out literally in the
 * `new BrowserWindow` call because static scanners (Electronegativity, run over src/main
 * in tests/integration/security) can only see literal options at the call site; a unit test
 * (securityChecklist.test.ts) checks these are exactly secureWebPreferences() from
 * security.ts, so the two cannot drift apart.
 */
export function createSecureWindow(
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
  preload: string,
): BrowserWindow {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click must not open links in new windows (window.open is denied anyway).
      disableBlinkFeatures: 'Auxclick',
      // The dashboard keeps drawing live data when it is in the background.
      backgroundThrottling: false,
    },
  });
}
