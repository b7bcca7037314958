// postinstall: build better-sqlite3 a second time, for Electron's ABI, into
// .native/electron/better_sqlite3.node. node_modules keeps the Node build (tests, CLI);
// the Electron app loads this one through better-sqlite3's `nativeBinding` option
// (src/main/nativeBinding.ts). So one checkout serves both runtimes with no manual rebuild.
// Where Electron's binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1, as on CI
// here) there is no Electron to build for: say so and succeed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));
const out = join(root, '.native', 'electron');
const log = (msg) => console.log(`[tickscope] electron sqlite: ${msg}`);

function electronBinary() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1')
    return { skip: 'ELECTRON_SKIP_BINARY_DOWNLOAD=1, so there is no Electron binary to build for' };
  try {
    const path = require('electron');
    return existsSync(path) ? { path } : { skip: `Electron binary missing at ${path}` };
  } catch (err) {
    return { skip: `Electron is not installed (${String(err.message ?? err).split('\n')[0]})` };
  }
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status === 0;
}

const electron = electronBinary();
if (electron.skip) {
  log(`skipped: ${electron.skip}. The Node build in node_modules serves tests and the CLI.`);
  process.exit(0);
}

const version = require('electron/package.json').version;
const src = dirname(require.resolve('better-sqlite3/package.json'));
const work = join(root, '.native', 'electron-build');
rmSync(work, { recursive: true, force: true });
cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${join(src, 'build')}`) });
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

log(`building for Electron ${version} (${process.platform}-${process.arch})`);
const ok =
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', version, '--arch', process.arch], work) ||
  run(
    bin('node-gyp'),
    [
      'rebuild',
      '--release',
      `--target=${version}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
    ],
    work,
  );
const built = join(work, 'build', 'Release', 'better_sqlite3.node');
if (!ok || !existsSync(built)) {
  console.warn(
    `[tickscope] electron sqlite: WARNING: could not build better-sqlite3 for Electron ${version}. ` +
      'The CLI and tests still work; for the desktop app run `npm rebuild` with network access, or `npx electron-builder install-app-deps`.',
  );
  process.exit(0);
}
mkdirSync(out, { recursive: true });
cpSync(built, join(out, 'better_sqlite3.node'));
rmSync(work, { recursive: true, force: true });
log(`ready: ${join(out, 'better_sqlite3.node')}`);
