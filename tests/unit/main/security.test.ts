import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_ORIGIN, appFileFor } from '../../../src/main/window/appUrl';
import {
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  lockDownContents,
  secureWebPreferences,
} from '../../../src/main/window/security';

describe('window security', () => {
  it('isolates, sandboxes and keeps node out of the renderer, without background throttling', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      backgroundThrottling: false,
    });
  });

  it('has a strict CSP: own scripts only, no eval, no remote content', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it('trusts only the app page', () => {
    const app = APP_ORIGIN;
    expect(isAppUrl(APP_INDEX_URL, undefined, app)).toBe(true);
    expect(isAppUrl(`${APP_INDEX_URL}#x`, undefined, app)).toBe(true);
    expect(isAppUrl('tickscope://app.evil/index.html', undefined, app)).toBe(false);
    expect(isAppUrl('tickscope://evil/index.html', undefined, app)).toBe(false);
    // file:// is not the app any more: the renderer is served on tickscope://app.
    expect(isAppUrl('file:///app/out/renderer/index.html', undefined, app)).toBe(false);
    expect(isAppUrl('https://example.com/', undefined, app)).toBe(false);
    expect(isAppUrl('', undefined, app)).toBe(false);
    expect(isAppUrl('not a url', undefined, app)).toBe(false);
  });

  it('in development compares the dev server by origin, not by prefix', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppUrl('http://localhost:5173/', dev, APP_ORIGIN)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx?t=1', dev, APP_ORIGIN)).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.com/', dev, APP_ORIGIN)).toBe(false);
    expect(isAppUrl('http://localhost:5173@evil.com/', dev, APP_ORIGIN)).toBe(false);
    expect(isAppUrl('http://localhost:51730/', dev, APP_ORIGIN)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev, APP_ORIGIN)).toBe(false);
    // Without a dev server, its origin is not trusted.
    expect(isAppUrl('http://localhost:5173/', undefined, APP_ORIGIN)).toBe(false);
  });

  it('the app scheme serves the renderer folder and nothing outside it', () => {
    const root = mkdtempSync(join(tmpdir(), 'tickscope-renderer-'));
    try {
      writeFileSync(join(root, 'index.html'), 'x');
      mkdirSync(join(root, 'assets'));
      writeFileSync(join(root, 'assets', 'index.js'), 'x');
      expect(appFileFor(APP_INDEX_URL, root)).toBe(join(root, 'index.html'));
      expect(appFileFor(`${APP_ORIGIN}/`, root)).toBe(join(root, 'index.html'));
      expect(appFileFor(`${APP_ORIGIN}/assets/index.js?v=1`, root)).toBe(join(root, 'assets', 'index.js'));
      for (const bad of [
        `${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`,
        `${APP_ORIGIN}/%ff`,
        `${APP_ORIGIN}/missing.js`,
        'tickscope://other/index.html',
        'file:///etc/passwd',
      ])
        expect(appFileFor(bad, root), bad).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('blocks navigation away, new windows and webviews', () => {
    const handlers = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | null = null;
    const contents = {
      on: (name: string, fn: (e: { preventDefault(): void }, url?: string) => void) => handlers.set(name, fn),
      setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
    };
    lockDownContents(contents as never, (url) => url === 'file:///app/index.html');
    const prevented = (event: string, url?: string) => {
      let p = false;
      handlers.get(event)!({ preventDefault: () => (p = true) }, url);
      return p;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///app/index.html')).toBe(false);
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});
