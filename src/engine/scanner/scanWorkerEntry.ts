import { resolveWorkerEntry, type WorkerEntry, type WorkerFiles } from '../analytics/workerEntry';

/** The scan worker's files: out/main/scanWorker.js in the build (an electron-vite main
 * input), this folder's scanWorker.ts under tsx (a path relative to analytics/). */
export const SCAN_WORKER_FILES: WorkerFiles = { bundled: 'scanWorker.js', tsEntry: '../scanner/scanWorker.ts' };

export function resolveScanWorkerEntry(opts: { bundleDir?: string | URL } = {}): WorkerEntry {
  return resolveWorkerEntry({ ...opts, files: SCAN_WORKER_FILES });
}
