import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAppUrl, lockDownContents, secureWebPreferences } from '../../../src/main/window/security';

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
    const file = 'file:///app/out/renderer/index.html';
    expect(isAppUrl(file, undefined, file)).toBe(true);
    expect(isAppUrl(`${file}#x`, undefined, file)).toBe(true);
    expect(isAppUrl('file:///app/out/renderer/index.html.evil', undefined, file)).toBe(false);
    expect(isAppUrl('https://example.com/', undefined, file)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173/', file)).toBe(true);
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
