// `npm run package`: electron-vite build, then electron-builder, keeping the checkout usable.
// electron-builder's npmRebuild rebuilds better-sqlite3 for Electron IN PLACE in
// node_modules, which would leave the CLI and the tests (plain Node) with a binary of the
// wrong ABI. So the Node build is copied aside first and put back afterwards, whether
// packaging succeeded or not. Extra arguments go to electron-builder (e.g. --linux deb).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_BINARY = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
export const BACKUP = '.native/node/better_sqlite3.node';

/**
 * Runs each step in order, stopping at the first failure, with the Node build of
 * better-sqlite3 restored at the end. Returns the exit status of the run.
 */
export function packageWithNodeBinaryKept(root, steps, run = defaultRun) {
  const binary = join(root, NODE_BINARY);
  const backup = join(root, BACKUP);
  const had = existsSync(binary);
  if (had) {
    mkdirSync(dirname(backup), { recursive: true });
    copyFileSync(binary, backup);
  }
  try {
    for (const [cmd, args] of steps) {
      const status = run(cmd, args, root);
      if (status !== 0) return status;
    }
    return 0;
  } finally {
    if (had) copyFileSync(backup, binary);
  }
}

function defaultRun(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
  process.exit(
    packageWithNodeBinaryKept(root, [
      [bin('electron-vite'), ['build']],
      [bin('electron-builder'), process.argv.slice(2)],
    ]),
  );
}
