import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Builds the app (main, preload, renderer) once so serve and Electron load real bundles. */
export default function globalSetup(): void {
  const root = resolve(import.meta.dirname, '../../..');
  if (process.env.TICKSCOPE_SKIP_BUILD === '1' && existsSync(resolve(root, 'out/renderer/index.html'))) return;
  const r = spawnSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('electron-vite build failed; see above');
}
