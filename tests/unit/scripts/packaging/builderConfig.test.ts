import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration, TargetConfiguration } from 'electron-builder';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../support/serveProcess';
import { icnsEntries, icoEntries, pngSize } from './iconFormats';

// The configuration is read by electron-builder's own loader (the one `npm run package`
// uses) and checked against its JSON schema, so a typo fails here rather than at release.
let config: Configuration;
beforeAll(async () => {
  config = await getConfig(REPO_ROOT, null, null);
  await validateConfiguration(config, new DebugLogger(false));
});

const targetNames = (t: unknown): string[] =>
  (Array.isArray(t) ? t : [t]).map((x: string | TargetConfiguration) => (typeof x === 'string' ? x : x.target));
const file = (rel: string) => readFileSync(join(REPO_ROOT, rel));

describe('electron-builder.yml', () => {
  it('identifies the app and builds every installer: AppImage and deb, dmg, nsis', () => {
    expect(config.appId).toBe('io.tickscope.app');
    expect(config.productName).toBe('Tickscope');
    expect(config.directories?.buildResources).toBe('build');
    expect(targetNames(config.linux?.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targetNames(config.mac?.target)).toContain('dmg');
    expect(targetNames(config.win?.target)).toContain('nsis');
  });

  it('ships the built app and rebuilds native modules for Electron, unpacked from asar', () => {
    // The loader normalises `files` into file sets; flatten their filters.
    const files = (Array.isArray(config.files) ? config.files : [config.files]).flatMap((f) =>
      typeof f === 'string' ? [f] : [f?.filter ?? []].flat(),
    );
    expect(files).toEqual(expect.arrayContaining(['out/**/*', 'package.json', 'resources/**/*']));
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining([expect.stringMatching(/better-sqlite3.*\.node$/)]));
    // electron-builder adds production dependencies itself: better-sqlite3 must be one.
    const pkg = JSON.parse(file('package.json').toString()) as { dependencies: Record<string, string>; main: string };
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
    expect(pkg.main.startsWith('out/')).toBe(true);
  });

  it('flips the security fuses in the packaged binary', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('points each platform at an icon file that exists', () => {
    for (const icon of [config.linux?.icon, config.mac?.icon, config.win?.icon]) {
      expect(icon).toBeTruthy();
      expect(existsSync(join(REPO_ROOT, icon!))).toBe(true);
    }
  });

  it('the schema check is real: a misspelt fuse is refused', async () => {
    const bad = { ...config, electronFuses: { runAsNod: false } } as unknown as Configuration;
    await expect(validateConfiguration(bad, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });
});

describe('icons at the sizes each platform needs', () => {
  it('build/icon.png is 1024 square and the window icon resources/icon.png is 512', () => {
    expect(pngSize(file('build/icon.png'))).toEqual({ width: 1024, height: 1024 });
    expect(pngSize(file('resources/icon.png'))).toEqual({ width: 512, height: 512 });
  });

  it('Linux: build/icons/NxN.png holds every size from 16 to 1024, each really NxN', () => {
    for (const n of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(file(`build/icons/${n}x${n}.png`)), `${n}x${n}.png`).toEqual({ width: n, height: n });
    }
  });

  it('Windows: icon.ico holds 16, 32, 48 and 256 (electron-builder requires 256) as 32-bit PNGs', () => {
    const entries = icoEntries(file('build/icon.ico'));
    for (const e of entries) {
      expect(e.bitCount).toBe(32);
      expect(pngSize(e.image)).toEqual({ width: e.declared, height: e.declared });
    }
    expect(entries.map((e) => e.declared)).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('macOS: icon.icns holds 16 to 1024 (512@2x) under the right element types', () => {
    const entries = icnsEntries(file('build/icon.icns'));
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      ic11: 32,
      ic12: 64,
      ic07: 128,
      ic08: 256,
      ic13: 256,
      ic09: 512,
      ic14: 512,
      ic10: 1024,
    };
    for (const [type, n] of Object.entries(expected)) {
      expect(entries.has(type), `icns element ${type}`).toBe(true);
      expect(pngSize(entries.get(type)!), type).toEqual({ width: n, height: n });
    }
  });

  it('the committed icons are exactly what scripts/icons/generate.mjs draws', async () => {
    const generator = join(REPO_ROOT, 'scripts/icons/generate.mjs');
    const { generateIcons } = (await import(generator)) as { generateIcons: (root: string) => string[] };
    const out = mkdtempSync(join(tmpdir(), 'tickscope-icons-'));
    try {
      const written = generateIcons(out);
      expect(written.length).toBeGreaterThan(10);
      for (const rel of written) expect(readFileSync(join(out, rel)).equals(file(rel)), rel).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
