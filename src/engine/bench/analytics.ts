import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAdf, benchCoint, benchRolling, makeBenchPair } from '../../core/analytics/index';
import type { Tick } from '../../shared/market';
import { EventHub } from '../api/eventHub';
import { createAnalyticsService } from '../analytics/service';
import type { WorkerEntry } from '../analytics/workerEntry';
import { createIngestor } from '../ingest/ingestor';
import { openStore } from '../store/sqliteStore';

export type BenchFigures = Record<string, { value: number; unit: string }>;

export interface AnalyticsBenchOptions {
  /** Fewer repetitions and a shorter live feed (CI smoke runs). */
  quick?: boolean;
  nativeBinding?: string;
  workerEntry?: WorkerEntry;
  /** Interpreter with statsmodels for the reference figure (default /usr/bin/python3). */
  python?: string;
}

const N = 86_400;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median wall time of `runs` calls after one warm-up call (JIT, caches). */
export function timeMs(fn: () => unknown, runs: number): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/**
 * The analytics figures of `tickscope bench`: ADF and Engle–Granger on a day of 1 s bars,
 * the O(1) rolling update, the live tick → push latency, and statsmodels' ADF on the same
 * points as the reference when it is installed.
 */
export async function runAnalyticsBench(opts: AnalyticsBenchOptions = {}): Promise<BenchFigures> {
  const runs = opts.quick ? 3 : 10;
  const pair = makeBenchPair(N);
  const out: BenchFigures = {};

  const adfMs = timeMs(() => benchAdf(pair), runs);
  out.adf_autolag_86400_ms = { value: adfMs, unit: 'ms' };
  out.coint_86400_ms = { value: timeMs(() => benchCoint(pair), runs), unit: 'ms' };
  // One add + getResult (OLS, spread z, correlation) per point at W = 3600, averaged over a day.
  const rollMs = timeMs(() => benchRolling(pair, 3600), runs);
  out.rolling_update_ns = { value: (rollMs * 1e6) / N, unit: 'ns' };

  out.tick_to_push_ms_p99 = { value: await tickToPushP99(opts), unit: 'ms' };

  const sm = statsmodelsAdfMs(pair.y, opts.python ?? '/usr/bin/python3', opts.quick ? 1 : 3);
  if (sm !== null) {
    out.statsmodels_adf_86400_ms = { value: sm, unit: 'ms' };
    out.adf_speedup_vs_statsmodels = { value: sm / adfMs, unit: 'x' };
  }
  return out;
}

/**
 * End to end at 5,000 ticks/s: a tick pushed into the ingestor → committed batch → bars →
 * service → worker fold → coalesced analytics.onDidUpdateSeries leaving the hub. Each tick's
 * price is unique, so the closes in an event say exactly which ticks it already reflects;
 * a tick's latency is the time to the first event reflecting it.
 */
async function tickToPushP99(opts: AnalyticsBenchOptions): Promise<number> {
  const rate = 5000;
  const stepMs = 10;
  const perStep = (rate * stepMs) / 1000;
  const total = opts.quick ? 10_000 : 30_000;
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-analytics-'));
  const store = openStore(join(dir, 'bench.db'), { nativeBinding: opts.nativeBinding });
  const hub = new EventHub();
  const service = createAnalyticsService({
    store,
    hub,
    nativeBinding: opts.nativeBinding,
    workerEntry: opts.workerEntry,
  });
  const ingestor = createIngestor({ store, timeframes: ['1s', '1m'], onBars: (bars) => service.onBars(bars) });
  const arrival = new Float64Array(total);
  const seqOfPrice = [new Map<number, number>(), new Map<number, number>()];
  const latencies: number[] = [];
  let attributed = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const sub = hub.subscribe((event, payload) => {
    if (event !== 'analytics.onDidUpdateSeries') return;
    const last = (payload as { points: { y: number; x: number }[] }).points.at(-1);
    if (!last) return;
    const reached = Math.max(seqOfPrice[0]!.get(last.y) ?? -1, seqOfPrice[1]!.get(last.x) ?? -1);
    const now = performance.now();
    for (; attributed <= reached; attributed++) latencies.push(now - arrival[attributed]!);
    if (attributed >= total) done();
  });
  try {
    await service.handlers['analytics.watchPair']({ y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 300 });
    let seq = 0;
    const ids = [1, 1];
    await new Promise<void>((resolve) => {
      const start = performance.now();
      const timer = setInterval(() => {
        // Catch up to the schedule, so the offered rate stays 5,000/s whatever timer jitter.
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + perStep);
        const batch: Tick[] = [];
        for (; seq < due; seq++) {
          const leg = seq & 1;
          // Smooth, unique prices: the sine keeps the pair realistic, the tiny trend unique.
          const price =
            leg === 0 ? 60_000 + 40 * Math.sin(seq / 700) + seq * 1e-7 : 3_000 + 2 * Math.sin(seq / 650) + seq * 1e-8;
          seqOfPrice[leg]!.set(price, seq);
          batch.push({
            symbol: leg === 0 ? 'BTCUSDT' : 'ETHUSDT',
            tradeId: ids[leg]!++,
            ts: Date.now(),
            price,
            size: 0.01,
            isBuyerMaker: (seq & 2) === 0,
          });
          arrival[seq] = performance.now();
        }
        if (batch.length) ingestor.push(batch);
        if (seq >= total) {
          clearInterval(timer);
          resolve();
        }
      }, stepMs);
    });
    ingestor.flush();
    await finished;
  } finally {
    sub.dispose();
    ingestor.close();
    await service.dispose();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  latencies.sort((a, b) => a - b);
  return latencies[Math.min(latencies.length - 1, Math.floor(0.99 * latencies.length))]!;
}

/** statsmodels' adfuller on the same points, timed inside Python; null when unavailable. */
function statsmodelsAdfMs(y: Float64Array, python: string, runs: number): number | null {
  const probe = spawnSync(python, ['-c', 'import statsmodels'], { stdio: 'ignore' });
  if (probe.status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-sm-'));
  try {
    const file = join(dir, 'y.f64');
    writeFileSync(file, Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    const script = [
      'import sys, time, json, numpy as np',
      'from statsmodels.tsa.stattools import adfuller',
      "y = np.fromfile(sys.argv[1], dtype='<f8')",
      "adfuller(y, regression='c', autolag='AIC')",
      'ms = []',
      'for _ in range(int(sys.argv[2])):',
      '    t = time.perf_counter()',
      "    adfuller(y, regression='c', autolag='AIC')",
      '    ms.append((time.perf_counter() - t) * 1000)',
      'ms.sort()',
      'print(json.dumps(ms[len(ms) // 2]))',
    ].join('\n');
    const r = spawnSync(python, ['-c', script, file, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) return null;
    const v = Number(r.stdout.trim());
    return Number.isFinite(v) ? v : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
