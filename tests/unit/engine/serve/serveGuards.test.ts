import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostChecker, isLoopbackHost } from '../../../../src/engine/serve/hostCheck';
import { parseRequestTarget } from '../../../../src/engine/serve/requestTarget';
import { resolveStaticFile } from '../../../../src/engine/serve/staticFiles';
import { tokenBits, weakTokenReason } from '../../../../src/engine/serve/token';

describe('request targets', () => {
  it('decodes paths and refuses what cannot be decoded', () => {
    expect(parseRequestTarget('/a%20b?token=x&y=%ff')).toMatchObject({ path: '/a b' });
    expect(parseRequestTarget('/a?token=x')!.query.get('token')).toBe('x');
    for (const bad of ['/%ff', '//', '//evil.example/x', '/a%00b', '*', 'http://x/', '', undefined])
      expect(parseRequestTarget(bad), String(bad)).toBeNull();
  });
});

describe('Host check', () => {
  it('bound to loopback: the loopback names with our port only', () => {
    const ok = hostChecker('127.0.0.1', 7400);
    for (const h of ['127.0.0.1:7400', 'localhost:7400', '[::1]:7400', 'LocalHost:7400']) expect(ok(h), h).toBe(true);
    for (const h of [
      'evil.example:7400',
      'evil.example',
      '127.0.0.1:7401',
      '127.0.0.1',
      'localhost.evil.example:7400',
      '192.168.1.5:7400',
      '',
      undefined,
      'a:b:c',
    ])
      expect(ok(h), String(h)).toBe(false);
  });

  it('bound to another address: that address as well; to a wildcard: any IP literal, never a name', () => {
    const lan = hostChecker('192.168.1.5', 7400);
    expect(lan('192.168.1.5:7400')).toBe(true);
    expect(lan('10.0.0.1:7400')).toBe(false);
    const v6 = hostChecker('fd00::5', 7400);
    expect(v6('[fd00::5]:7400')).toBe(true);
    const any = hostChecker('0.0.0.0', 7400);
    expect(any('10.0.0.1:7400')).toBe(true);
    expect(any('[fe80::1]:7400')).toBe(true);
    expect(any('evil.example:7400')).toBe(false);
    expect(hostChecker('127.0.0.1', 80)('localhost')).toBe(true);
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('token strength', () => {
  it('refuses tokens that cannot hold 128 bits', () => {
    expect(tokenBits('')).toBe(0);
    expect(weakTokenReason('')).toMatch(/at least 128 bits/);
    expect(weakTokenReason('a')).toMatch(/at most 4$/); // one hex digit
    expect(weakTokenReason('correct-horse')).toMatch(/at most 78$/);
    expect(weakTokenReason('0123456789abcdef0123456789abcde')).toMatch(/at most 124/); // 31 hex
    expect(weakTokenReason('0123456789abcdef0123456789abcdef')).toBeNull(); // 32 hex = 128
    expect(weakTokenReason('A'.repeat(21) + '_')).toBeNull(); // 22 base64url = 132
    expect(weakTokenReason('Z'.repeat(21))).toMatch(/at most 126$/);
  });
});

describe('static files', () => {
  it('resolves inside the root only', () => {
    const root = mkdtempSync(join(tmpdir(), 'tickscope-static-'));
    try {
      writeFileSync(join(root, 'index.html'), 'x');
      mkdirSync(join(root, 'assets'));
      writeFileSync(join(root, 'assets', 'a.js'), 'x');
      writeFileSync(`${root}-sibling.html`, 'x');
      expect(resolveStaticFile(root, '/')).toBe(join(root, 'index.html'));
      expect(resolveStaticFile(root, '/assets/a.js')).toBe(join(root, 'assets', 'a.js'));
      expect(resolveStaticFile(root, '/assets')).toBeNull();
      expect(resolveStaticFile(root, '/../etc/passwd')).toBeNull();
      expect(resolveStaticFile(root, `/../${root.split('/').pop()}-sibling.html`)).toBeNull();
      rmSync(`${root}-sibling.html`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
