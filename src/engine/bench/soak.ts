import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { CointegratedPairSim } from '../../core/sim/cointegratedPair';
import { Engine } from '../engine';
import { startApiServer } from '../serve/apiServer';

export type SoakFigures = Record<string, { value: number; unit: string }>;

export interface SoakOptions {
  /** Ticks replayed (default 10 million; quick mode 1 million). */
  ticks?: number;
  quick?: boolean;
  nativeBinding?: string;
  log?: (line: string) => void;
}

/** Ticks per Binance WS frame burst: a live feed hands the ingestor a few trades at a time. */
const FRAME_TICKS = 20;
/** Ticks between yields to the event loop: how long the "network" keeps the loop busy. */
const SLICE_TICKS = 2_000;
/**
 * The first share of the run (at least WARMUP_MIN ticks, at most half) warms the JIT, the
 * SQLite page cache, the bar state and the analytics worker; growth is measured after it.
 */
const WARMUP_SHARE = 0.1;
const WARMUP_MIN = 250_000;

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
/** `tickscope bench` runs suites with --expose-gc: collect first so RSS is live memory, not garbage not yet collected. */
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();

/**
 * Soak: an accelerated replay of a seeded cointegrated pair through a running engine (store,
 * bars for every timeframe, analytics worker watching the pair, coalesced pushes) with the
 * serve transport up and a WebSocket client subscribed, asking for bars as a dashboard does.
 * Records RSS over the run and event-loop delay after warm-up.
 */
export async function runSoakBench(opts: SoakOptions = {}): Promise<SoakFigures> {
  const total = opts.ticks ?? (opts.quick ? 1_000_000 : 10_000_000);
  const log = opts.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-soak-'));
  const engine = await Engine.open({
    dbPath: join(dir, 'soak.db'),
    nativeBinding: opts.nativeBinding,
    source: { kind: 'none' },
    statusEveryMs: 1000,
  });
  const server = await startApiServer({ port: 0, dispatcher: engine.dispatcher, hub: engine.hub });
  const client = new WebSocket(server.wsUrl);
  const received = { frames: 0, bytes: 0, bars: 0, errors: 0 };
  let nextId = 1;
  const request = (channel: string, payload: unknown) =>
    client.send(JSON.stringify({ id: nextId++, channel, payload }));
  client.on('message', (data: Buffer) => {
    received.frames++;
    received.bytes += data.length;
    const frame = JSON.parse(data.toString()) as { event?: string; ok?: boolean };
    if (frame.event === 'market.onDidUpdateBars') received.bars++;
    if (frame.ok === false) received.errors++;
  });
  await new Promise<void>((ok, fail) => {
    client.once('open', () => ok());
    client.once('error', fail);
  });

  // Like a dashboard opening: it loads its chart first, and from then on gets bar pushes
  // for that series (the engine pushes only series a client has loaded).
  const firstFrame = new Promise<void>((ok) => client.once('message', () => ok()));
  request('market.getBars', { symbol: 'BTCUSDT', tf: '1s', limit: 300 });
  await firstFrame;

  const delay = monitorEventLoopDelay({ resolution: 10 });
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 250);
  // A dashboard polls for its chart now and then; bar pushes carry the rest.
  const poller = setInterval(() => request('market.getBars', { symbol: 'BTCUSDT', tf: '1s', limit: 300 }), 500);

  const sim = new CointegratedPairSim({ seed: 20240808, startMs: 1_723_161_600_000, stepMs: 5 });
  const warmupAt = Math.floor(Math.min(total / 2, Math.max(WARMUP_MIN, total * WARMUP_SHARE)));
  let pushed = 0;
  let rssAfterWarmup = 0;
  let watched = false;
  const t0 = performance.now();
  let tWarm = t0;
  try {
    while (pushed < total) {
      const ticks = sim.advance(sim.nowMs + 15_000).slice(0, total - pushed);
      for (let i = 0; i < ticks.length; i += FRAME_TICKS) engine.ingestor.push(ticks.slice(i, i + FRAME_TICKS));
      const before = pushed;
      pushed += ticks.length;
      if (!watched && pushed > 50_000) {
        // Once there are bars, the client watches the pair: the analytics worker runs too.
        request('analytics.watchPair', { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 300 });
        watched = true;
      }
      if (before < warmupAt && pushed >= warmupAt) {
        await yieldToLoop();
        collect();
        rssAfterWarmup = process.memoryUsage().rss;
        delay.enable();
        tWarm = performance.now();
        log(`soak: warm-up done at ${pushed} ticks, rss ${mb(rssAfterWarmup)} MB`);
      }
      if (Math.floor(pushed / 1_000_000) !== Math.floor(before / 1_000_000))
        log(`soak: ${pushed} ticks, rss ${mb(process.memoryUsage().rss)} MB`);
      // Several slices per advance() keep each busy stretch about SLICE_TICKS long.
      if (Math.floor(pushed / SLICE_TICKS) !== Math.floor(before / SLICE_TICKS) || ticks.length === 0)
        await yieldToLoop();
    }
    engine.ingestor.flush();
    // Let the coalesced pushes of the last batch reach the client.
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    clearInterval(sampler);
    clearInterval(poller);
    delay.disable();
  }
  const tEnd = performance.now();
  collect();
  const rssEnd = process.memoryUsage().rss;
  const stored = engine.store.countTicks({ symbol: 'BTCUSDT' }) + engine.store.countTicks({ symbol: 'ETHUSDT' });
  client.close();
  await server.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
  if (stored !== total) throw new Error(`soak: pushed ${total} ticks but the store holds ${stored}`);
  log(`soak: ${total} ticks in ${((tEnd - t0) / 1000).toFixed(1)} s; ${received.frames} frames to the client`);

  const peak = Math.max(rssEnd, ...rss);
  return {
    soak_ticks: { value: total, unit: 'ticks' },
    soak_ticks_per_s: { value: Math.round(((total - warmupAt) / (tEnd - tWarm)) * 1000), unit: 'ticks/s' },
    soak_rss_growth_mb: { value: mb(rssEnd - rssAfterWarmup), unit: 'MB' },
    soak_rss_peak_mb: { value: mb(peak), unit: 'MB' },
    event_loop_p99_ms: { value: Math.round((delay.percentile(99) / 1e6) * 100) / 100, unit: 'ms' },
    event_loop_max_ms: { value: Math.round((delay.max / 1e6) * 100) / 100, unit: 'ms' },
    soak_client_frames: { value: received.frames, unit: 'frames' },
    soak_client_bar_pushes: { value: received.bars, unit: 'frames' },
    soak_client_errors: { value: received.errors, unit: 'frames' },
  };
}
