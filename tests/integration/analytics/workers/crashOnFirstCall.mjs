// A stand-in analytics worker that dies on its first request, to exercise crash handling.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => process.exit(3));
