import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../..');

describe('npm start without an Electron binary', () => {
  it('says in one line what is missing and that `tickscope serve` shows the dashboard, exit 1', () => {
    // Point electron's resolver at a folder with no binary: what a user sees after
    // ELECTRON_SKIP_BINARY_DOWNLOAD=1 or a failed download, on any machine.
    const r = spawnSync(process.execPath, [resolve(root, 'scripts/start/start.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: resolve(root, 'tests/.tmp/no-electron-here') },
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Electron binary is not installed');
    expect(lines[0]).toContain('npx tickscope serve');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
