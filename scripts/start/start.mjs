// `npm start`: the desktop app through electron-vite. Where Electron's binary was never
// downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1, or a failed download), electron-vite would
// die with "Electron failed to install correctly" and a stack; say in one line what is
// missing and what shows the same dashboard without it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));

/** The Electron executable's path, or null when the package holds no binary. */
export function electronBinaryPath() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export const MISSING_ELECTRON =
  'tickscope: the Electron binary is not installed (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or could not download it); ' +
  '`npx tickscope serve` shows the same dashboard in a browser, or reinstall with `rm -rf node_modules/electron && npm install` where downloads work.';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!electronBinaryPath()) {
    console.error(MISSING_ELECTRON);
    process.exit(1);
  }
  const viteBin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [viteBin, 'preview', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
