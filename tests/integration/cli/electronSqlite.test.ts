import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/serveProcess';

describe('postinstall: better-sqlite3 for Electron', () => {
  it('without an Electron binary it says why it skips, succeeds, and leaves the Node build alone', () => {
    const r = spawnSync(process.execPath, [resolve(REPO_ROOT, 'scripts/native/electron-sqlite.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('skipped: ELECTRON_SKIP_BINARY_DOWNLOAD=1');
    expect(existsSync(resolve(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
  });
});
