import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tick } from '../../shared/market';
import { parseBusUrl } from '../bus/busUrl';
import { NatsTickSource } from '../bus/natsSource';
import { TickPublisher } from '../bus/publisher';
import { createIngestor, type Ingestor } from '../ingest/ingestor';
import { openStore } from '../store/sqliteStore';
import type { BenchFigures } from './market';

export interface BusBenchOptions {
  readonly quick?: boolean;
  readonly log?: (line: string) => void;
}

/**
 * The tick bus on loopback with one nats-server (../shared/specs/tick-bus.md):
 * - bus_publish_ticks_per_s: a recorder's outbox of N stored trades drained into JetStream
 *   (every one acknowledged);
 * - bus_consume_ticks_per_s: a desk consuming those N trades through the whole ingest
 *   pipeline (SQLite, bars for every timeframe);
 * - bus_tick_to_consumer_ms_p99: at 5,000 ticks/s, from the recorder receiving a trade to
 *   the desk receiving it (store, publish, acknowledgement, delivery; one process, one clock).
 * Needs nats-server on PATH; without it the suite says so and reports nothing.
 */
export async function runBusBench(opts: BusBenchOptions = {}): Promise<BenchFigures> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (spawnSync('nats-server', ['--version']).status !== 0) {
    log('bench bus: skipped: nats-server is not installed (apt-get install nats-server)');
    return {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-bus-'));
  const port = await freePort();
  const server = await startServer(['-js', '-sd', join(dir, 'js'), '-a', '127.0.0.1', '-p', String(port)]);
  const address = parseBusUrl(`nats://127.0.0.1:${port}`);
  try {
    const n = opts.quick ? 20_000 : 200_000;
    const trades = ticks(n, 1);

    // Publish: fill the outbox through the ingest pipeline first, then time the drain alone.
    const rec = openStore(join(dir, 'rec.db'));
    const recIngest = createIngestor({ store: rec, flushMs: 1e9, maxBatch: 5000 });
    const pub = new TickPublisher({ address, db: rec.db });
    recIngest.addCommitHook(pub.enqueue);
    for (let i = 0; i < trades.length; i += 5000) recIngest.push(trades.slice(i, i + 5000));
    recIngest.flush();
    const p0 = performance.now();
    await pub.start();
    await until(() => pub.status().pending === 0);
    const publishMs = performance.now() - p0;
    await pub.stop();
    recIngest.close();
    rec.close();

    // Consume: every message into a fresh desk database.
    const desk = openStore(join(dir, 'desk.db'));
    const deskIngest = createIngestor({ store: desk, maxBatch: 5000 });
    const source = new NatsTickSource({ address, symbols: ['BTCUSDT'], db: desk.db, sink: deskIngest });
    const c0 = performance.now();
    await source.start();
    await until(() => {
      deskIngest.flush();
      return deskIngest.storedCount('BTCUSDT') === n;
    });
    const consumeMs = performance.now() - c0;
    await source.stop();
    deskIngest.close();
    source.dispose();
    desk.close();

    const p99 = await latencyP99(address.redacted, dir, opts.quick ? 5 : 20);
    return {
      bus_publish_ticks_per_s: { value: Math.round(n / (publishMs / 1000)), unit: 'ticks/s' },
      bus_consume_ticks_per_s: { value: Math.round(n / (consumeMs / 1000)), unit: 'ticks/s' },
      bus_tick_to_consumer_ms_p99: { value: Number(p99.toFixed(2)), unit: 'ms' },
    };
  } finally {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Recorder → JetStream → desk at 5,000 ticks/s for `seconds`; p99 of the per-trade delay. */
async function latencyP99(url: string, dir: string, seconds: number): Promise<number> {
  const address = parseBusUrl(url);
  const rec = openStore(join(dir, 'lat-rec.db'));
  // A publishing recorder stores every 10 ms rather than every 100 ms: the batch wait is
  // most of a trade's delay to the desks, and 50 trades a batch cost SQLite nothing.
  const recIngest = createIngestor({ store: rec, flushMs: 10 });
  const pub = new TickPublisher({ address, db: rec.db });
  recIngest.addCommitHook(pub.enqueue);
  await pub.start();
  const desk = openStore(join(dir, 'lat-desk.db'));
  const deskIngest = createIngestor({ store: desk });
  const sent = new Map<number, number>();
  const delays: number[] = [];
  const sink: Ingestor = Object.create(deskIngest) as Ingestor;
  sink.push = (batch: readonly Tick[]) => {
    const now = performance.now();
    for (const t of batch) {
      const at = sent.get(t.tradeId);
      if (at !== undefined) delays.push(now - at);
    }
    deskIngest.push(batch);
  };
  const source = new NatsTickSource({ address, symbols: ['ETHUSDT'], db: desk.db, sink });
  await source.start();
  const total = 5000 * seconds;
  const trades = ticks(total, 2, 'ETHUSDT');
  const t0 = performance.now();
  let i = 0;
  // 5 ticks every millisecond of schedule, caught up in 2 ms steps.
  while (i < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * 5000));
    if (due > i) {
      const now = performance.now();
      const batch = trades.slice(i, due);
      for (const t of batch) sent.set(t.tradeId, now);
      recIngest.push(batch);
      i = due;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await until(() => delays.length >= total);
  await source.stop();
  source.dispose();
  await pub.stop();
  recIngest.close();
  deskIngest.close();
  rec.close();
  desk.close();
  delays.sort((a, b) => a - b);
  return delays[Math.floor(delays.length * 0.99)]!;
}

function ticks(n: number, seed: number, symbol = 'BTCUSDT'): Tick[] {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  let price = 60_000;
  let ts = 1_723_161_256_000;
  const out: Tick[] = [];
  for (let i = 0; i < n; i++) {
    ts += rnd() < 0.7 ? 0 : 1;
    price = Math.max(1, price * (1 + (rnd() - 0.5) * 0.0004));
    out.push({
      symbol,
      tradeId: 1_000_000 + i,
      ts,
      price: Math.round(price * 10) / 10,
      size: Math.round(rnd() * 1000 + 1) / 1000,
      isBuyerMaker: rnd() < 0.5,
    });
  }
  return out;
}

async function until(cond: () => boolean, limitMs = 600_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > limitMs) throw new Error('bench bus: timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

function startServer(args: string[]): Promise<ChildProcess> {
  const child = spawn('nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const on = (d: Buffer): void => {
      out += d.toString();
      if (/Server is ready/.test(out)) resolve(child);
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('exit', (code) => reject(new Error(`nats-server exited (${code}): ${out.slice(-500)}`)));
  });
}
