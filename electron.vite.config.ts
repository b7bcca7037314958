import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

// main: ESM, dependencies external (better-sqlite3 is native and must stay in node_modules).
// preload: sandboxed, so it must be ONE CommonJS file with zod bundled in.
// renderer: a plain web build; the same files are served by `tickscope serve`.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          backtestWorker: resolve(__dirname, 'src/engine/backtest/backtestWorker.ts'),
          analyticsWorker: resolve(__dirname, 'src/engine/analytics/worker.ts'),
          scanWorker: resolve(__dirname, 'src/engine/scanner/scanWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // Minified: the browser parses a third of the bytes before the first frame (the
      // bundle is mostly React and ECharts), which the dashboard's open time feels directly.
      // TICKSCOPE_NO_MINIFY=1 keeps names readable for profiling.
      minify: process.env.TICKSCOPE_NO_MINIFY ? false : 'esbuild',
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
