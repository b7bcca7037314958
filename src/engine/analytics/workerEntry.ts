import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start the analytics worker in this runtime. */
export interface WorkerEntry {
  /** The file given to `new Worker`. */
  file: URL;
  /** When set, the bootstrap imports this TypeScript entry after registering tsx. */
  tsEntry?: string;
}

/** Name of the bundled worker that electron-vite writes beside the main bundle. */
export const BUNDLED_WORKER = 'analyticsWorker.js';

/** One kind of worker: its bundle's file name (an electron-vite main input) and its
 * TypeScript entry as a path relative to this folder (for the tsx bootstrap). */
export interface WorkerFiles {
  readonly bundled: string;
  readonly tsEntry: string;
}

// Names held in variables on purpose: bundlers rewrite `new URL('<literal>', import.meta.url)`
// into emitted assets, and neither file belongs in the Electron bundle.
const BOOTSTRAP = 'workerBootstrap.mjs';
const TS_ENTRY = 'worker.ts';
const HERE = './';

export const ANALYTICS_WORKER_FILES: WorkerFiles = { bundled: BUNDLED_WORKER, tsEntry: TS_ENTRY };

/**
 * (a) Electron's build: `analyticsWorker.js` sits beside the running bundle (out/main/),
 * which is where this module's code then lives; (b) tsx (CLI, serve, vitest): the .mjs
 * bootstrap beside this file registers tsx in the worker and imports worker.ts.
 * `bundleDir` overrides where (a) looks; `files` picks another worker (default: analytics),
 * which every worker pool of the engine starts the same way.
 */
export function resolveWorkerEntry(opts: { bundleDir?: string | URL; files?: WorkerFiles } = {}): WorkerEntry {
  const files = opts.files ?? ANALYTICS_WORKER_FILES;
  const here = opts.bundleDir ? toDirUrl(opts.bundleDir) : new URL(HERE, import.meta.url);
  for (const dir of [here, new URL('../', here)]) {
    const built = new URL(files.bundled, dir);
    if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return { file: built };
  }
  return { file: new URL(BOOTSTRAP, import.meta.url), tsEntry: new URL(files.tsEntry, import.meta.url).href };
}

function toDirUrl(dir: string | URL): URL {
  if (dir instanceof URL) return dir.href.endsWith('/') ? dir : new URL(dir.href + '/');
  return pathToFileURL(resolve(dir) + '/');
}
