import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { originOf } from './appUrl';

/**
 * Whether a URL is the renderer's own: same origin as the dev server in development, or the
 * app scheme's origin (tickscope://app). Origins are compared, never prefixes: a prefix
 * check on "http://localhost:5173" let "http://localhost:5173.evil.com" through.
 */
export function isAppUrl(url: string, devServerUrl: string | undefined, appOrigin: string): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  if (devServerUrl && origin === originOf(devServerUrl)) return true;
  return origin === appOrigin;
}

/** Electron's security checklist, in one place: isolation, sandbox, no node, no webview. */
export function secureWebPreferences(preload: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
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
  };
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** No navigation away from the app, no new windows, no permission grants. */
export function lockDownContents(contents: WebContents, isTrusted: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrusted(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrusted(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function lockDownSession(session: Session, devServerUrl: string | undefined): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    // The dev server needs its HMR socket and inline preamble; production gets the strict policy.
    if (!devServerUrl) headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}
