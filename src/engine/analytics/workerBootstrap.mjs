// Worker threads do not inherit the tsx loader that bin/tickscope.mjs (or vitest) set up in
// the main thread, so register it here before importing the TypeScript worker entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
