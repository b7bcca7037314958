import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, lockDownSession, secureWebPreferences } from '../../../src/main/window/security';
import { REPO_ROOT } from '../../support/serveProcess';

// Electron's binary is not installed here, so `electron` is replaced by a recorder: the
// test sees exactly the options the app would construct its window with.
const constructed: unknown[] = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: unknown) {
      constructed.push(options);
    }
  },
}));

type HeadersCallback = (r: { responseHeaders: Record<string, string[]> }) => void;

type PermissionRequest = (
  contents: unknown,
  permission: string,
  cb: (granted: boolean) => void,
  details?: unknown,
) => void;
type PermissionCheck = (contents: unknown, permission: string) => boolean;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  cb: HeadersCallback,
) => void;

interface FakeSession {
  permissionRequest: PermissionRequest | null;
  permissionCheck: PermissionCheck | null;
  headers: HeadersListener | null;
  setPermissionRequestHandler(fn: PermissionRequest): void;
  setPermissionCheckHandler(fn: PermissionCheck): void;
  webRequest: { onHeadersReceived(fn: HeadersListener): void };
}

/** A Session that records the handlers lockDownSession installs. */
function fakeSession(): FakeSession {
  const s: FakeSession = {
    permissionRequest: null,
    permissionCheck: null,
    headers: null,
    setPermissionRequestHandler: (fn) => (s.permissionRequest = fn),
    setPermissionCheckHandler: (fn) => (s.permissionCheck = fn),
    webRequest: { onHeadersReceived: (fn) => (s.headers = fn) },
  };
  return s;
}

const headersFor = (s: FakeSession, responseHeaders: Record<string, string[]>) => {
  let out: Record<string, string[]> | null = null;
  s.headers!({ url: 'file:///app/out/renderer/index.html', responseHeaders }, (r) => (out = r.responseHeaders));
  return out!;
};

describe('Electron security checklist', () => {
  it('every permission request is denied and every permission check answers no', () => {
    const s = fakeSession();
    lockDownSession(s as never, undefined);
    for (const permission of [
      'notifications',
      'media',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'hid',
      'serial',
    ]) {
      const answers: boolean[] = [];
      s.permissionRequest!({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      expect(s.permissionCheck!({}, permission), permission).toBe(false);
    }
  });

  it('production responses carry the strict CSP, replacing any the response brought', () => {
    const s = fakeSession();
    lockDownSession(s as never, undefined);
    const h = headersFor(s, { 'Content-Type': ['text/html'], 'Content-Security-Policy': ['default-src *'] });
    expect(h['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(h['Content-Type']).toEqual(['text/html']);
  });

  it('the dev server (HMR) is left its own headers; permissions stay denied there too', () => {
    const s = fakeSession();
    lockDownSession(s as never, 'http://localhost:5173/');
    expect(headersFor(s, { 'Content-Type': ['text/html'] })['Content-Security-Policy']).toBeUndefined();
    const answers: boolean[] = [];
    s.permissionRequest!({}, 'media', (g) => answers.push(g));
    expect(answers).toEqual([false]);
  });

  it('the CSP loads nothing remote: every fetch directive is self, none or local data', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
    for (const [name, values] of Object.entries(directives)) {
      for (const v of values)
        expect(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:'], `${name} ${v}`).toContain(v);
    }
    // Inline styles are allowed (ECharts sets style attributes); inline scripts are not.
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });

  it('the window is constructed with exactly the checklist in security.ts', async () => {
    const { createSecureWindow } = await import('../../../src/main/window/secureWindow');
    createSecureWindow({ width: 1440, height: 900, title: 'Tickscope' }, '/app/out/preload/index.cjs');
    const options = constructed.at(-1) as { width: number; webPreferences: unknown };
    expect(options.width).toBe(1440);
    expect(options.webPreferences).toEqual(secureWebPreferences('/app/out/preload/index.cjs'));
  });

  it('nothing in src/main or src/preload silences Electronegativity with inline eng-disable comments', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
      );
    const offenders = ['src/main', 'src/preload']
      .flatMap((d) => walk(join(REPO_ROOT, d)))
      .filter((f) => /eng-disable/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
