/**
 * Read worker: answers the big reads of the contract (a day of 1 s bars is 86,400 rows)
 * from its own read-only connection, validates the answer against the contract's response
 * schema, packs and stringifies it, and hands the bytes over (transferred, not copied). The
 * main thread, which also ingests and pushes, then spends nothing on them but a socket write.
 * tsx runtimes reach this file through analytics/workerBootstrap.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { requests } from '../../shared/contract';
import { packRows } from '../../shared/wirePacking';
import type { BarQuery } from '../ports';
import { openStore, type SqliteTickStore } from '../store/sqliteStore';
import type { ReadChannel, ReadRequest, ReadResponse, ReadWorkerInit } from './messages';

const init = workerData as ReadWorkerInit;
const port = parentPort;
if (!port) throw new Error('the read worker must run in a worker thread');

const open = () => openStore(init.dbPath, { readonly: true, nativeBinding: init.nativeBinding });
let store = open();
let known = new Set(store.listSymbols());

/** The store caches symbol ids when opened: reopen it once the writer has added the symbol asked for. */
function storeFor(symbol: string): SqliteTickStore {
  if (!known.has(symbol)) {
    const names = store.listSymbols();
    if (names.includes(symbol)) {
      store.close();
      store = open();
    }
    known = new Set(store.listSymbols());
  }
  return store;
}

const reads: Record<ReadChannel, (arg: unknown) => unknown> = {
  'market.getBars': (arg) => ({ bars: storeFor((arg as BarQuery).symbol).getBars(arg as BarQuery) }),
  'market.getBarOverview': (arg) => {
    const q = arg as BarQuery & { buckets: number };
    return storeFor(q.symbol).getBarOverview(q);
  },
};

const encoder = new TextEncoder();

port.on('message', (req: ReadRequest) => {
  let res: ReadResponse;
  try {
    const checked = requests[req.channel].response.safeParse(reads[req.channel](req.arg));
    if (!checked.success)
      throw new Error(
        `bad response: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const bytes = encoder.encode(JSON.stringify(packRows(checked.data)));
    port.postMessage({ id: req.id, ok: true, bytes } satisfies ReadResponse, [bytes.buffer as ArrayBuffer]);
    return;
  } catch (err) {
    res = { id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(res);
});

port.on('close', () => store.close());
