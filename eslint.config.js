// Layer boundaries (ARCHITECTURE.md) are enforced here as well as by the per-layer
// tsconfigs: a wrong import fails `npm run lint`. tests/unit/architecture proves it.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'net',
  'crypto',
  'stream',
  'stream/*',
  'zlib',
  'url',
  'util',
  'events',
  'buffer',
  'process',
  'readline',
];
const RAW_IPC = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed wrappers in src/main/ipc or src/preload; raw ipcMain/ipcRenderer bypass contract validation.',
};
const layer = (name) => `**/${name}/**`;
const restrict = (groups, paths = [RAW_IPC]) => ({
  'no-restricted-imports': ['error', { paths, patterns: groups.map((g) => ({ group: g.group, message: g.message })) }],
});
const ban = (group, message) => ({ group, message });

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'tests/.tmp/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': [
        'error',
        {
          restrictDefaultExports: {
            direct: true,
            named: true,
            defaultFrom: true,
            namedFrom: true,
            namespaceFrom: true,
          },
        },
      ],
      ...restrict([]),
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict([
      ban(NODE_BUILTINS, 'shared/ is runtime-neutral: no node modules.'),
      ban(
        ['electron', 'ws', 'better-sqlite3', 'react', 'react-dom', 'echarts*'],
        'shared/ holds types and the contract only.',
      ),
      ban(
        [layer('core'), layer('engine'), layer('main'), layer('preload'), layer('renderer'), layer('cli')],
        'shared/ imports no other layer.',
      ),
    ]),
  },
  {
    files: ['src/core/**'],
    rules: restrict([
      ban(NODE_BUILTINS, 'core/ is pure computation: no node modules, no I/O.'),
      ban(['electron', 'ws', 'better-sqlite3', 'react', 'react-dom', 'echarts*'], 'core/ is pure computation.'),
      ban(
        [layer('engine'), layer('main'), layer('preload'), layer('renderer'), layer('cli')],
        'core/ may import shared/ only.',
      ),
    ]),
  },
  {
    files: ['src/engine/**'],
    rules: restrict([
      ban(
        ['electron', 'react', 'react-dom', 'echarts*'],
        'engine/ runs headless (CLI, serve, tests): never electron or UI.',
      ),
      ban(
        [layer('main'), layer('preload'), layer('renderer'), layer('cli')],
        'engine/ may import core/ and shared/ only.',
      ),
    ]),
  },
  {
    files: ['src/cli/**'],
    rules: restrict([
      ban(['electron', 'react', 'react-dom', 'echarts*'], 'cli/ runs on plain Node.'),
      ban([layer('main'), layer('preload'), layer('renderer')], 'cli/ sits on engine/, core/ and shared/.'),
    ]),
  },
  {
    files: ['src/main/**'],
    rules: restrict([
      ban([layer('renderer'), layer('cli'), layer('preload')], 'main/ wires engine/ to Electron only.'),
    ]),
  },
  {
    files: ['src/preload/**'],
    rules: restrict([
      ban(NODE_BUILTINS, 'the sandboxed preload has no node modules.'),
      ban(
        [layer('core'), layer('engine'), layer('main'), layer('renderer'), layer('cli')],
        'preload/ exposes the contract (shared/) only.',
      ),
    ]),
  },
  {
    files: ['src/renderer/**'],
    rules: restrict(
      [
        ban(NODE_BUILTINS, 'the renderer has no node: talk to the engine through window.api.'),
        ban(['ws', 'better-sqlite3'], 'the renderer has no node: talk to the engine through window.api.'),
        ban(
          [layer('core'), layer('engine'), layer('main'), layer('preload'), layer('cli')],
          'renderer/ imports shared/ only.',
        ),
      ],
      [{ name: 'electron', message: 'The renderer never imports electron; use window.api.' }],
    ),
  },
  {
    // The only places allowed to touch raw IPC: the typed wrappers themselves.
    files: ['src/main/ipc/typedIpc.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tool configs must default-export by their tools' convention.
    files: ['*.config.{ts,js,mjs}', 'electron.vite.config.ts', 'tests/e2e/support/globalSetup.ts'],
    rules: { 'no-restricted-exports': 'off' },
  },
);
