import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gaussian, mulberry32 } from '../../core/analytics/index';
import { pairKey, type PairSpec } from '../../shared/contract';
import type { Tick } from '../../shared/market';
import { EventHub } from '../api/eventHub';
import { createAnalyticsService } from '../analytics/service';
import type { WorkerEntry } from '../analytics/workerEntry';
import { createIngestor } from '../ingest/ingestor';
import { DisposableStore } from '../lifecycle';
import { openStore } from '../store/sqliteStore';
import { createWatchlistService } from '../watchlist/watchlistService';
import { openWatchlistStore } from '../watchlist/watchlistStore';
import type { BenchFigures } from './analytics';

export interface WatchBenchOptions {
  /** A shorter live run (CI smoke runs). */
  quick?: boolean;
  nativeBinding?: string;
  workerEntry?: WorkerEntry;
}

const SYMBOLS = 20;
const PAIRS = 50;
const WINDOW = 3600;
/** Trades per symbol and second during the live run. */
const TICKS_PER_S = 5;

/**
 * The watch set's capacity (issue 12): 50 pairs over 20 symbols at 1 s, W = 3600, each
 * followed by the analytics worker while a synthetic feed trades at live rate.
 * - watch_pairs_50_cpu_pct: the engine process's CPU (main, worker and SQLite together:
 *   process.cpuUsage) over the live run, as % of one core;
 * - watch_update_ms_p99: from the first trade of a new second (it closes the previous bar)
 *   to every pair's fold of that second delivered to the service's subscribers.
 */
export async function runWatchBench(opts: WatchBenchOptions = {}): Promise<BenchFigures> {
  const liveSeconds = opts.quick ? 8 : 25;
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-watch-'));
  const owned = new DisposableStore();
  const store = openStore(join(dir, 'bench.db'), { nativeBinding: opts.nativeBinding });
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => `S${String(i).padStart(2, '0')}USDT`);
  const pairs: PairSpec[] = [];
  for (let i = 0; i < SYMBOLS && pairs.length < PAIRS; i++) {
    for (let j = i + 1; j < SYMBOLS && pairs.length < PAIRS; j++)
      pairs.push({ y: symbols[i]!, x: symbols[j]!, tf: '1s', window: WINDOW });
  }
  // Prices share one factor, so every pair is a plausible one (its ADF, coint, half-life are real work).
  const g = gaussian(mulberry32(42));
  let factor = 0;
  const idio = symbols.map(() => 0);
  const ids = symbols.map(() => 1);
  const ticksAt = (ts: number): Tick[] => {
    factor += 0.0004 * g();
    return symbols.map((symbol, k) => {
      idio[k] = 0.95 * idio[k]! + 0.0003 * g();
      return {
        symbol,
        tradeId: ids[k]!++,
        ts,
        price: (100 + 10 * k) * Math.exp(factor + idio[k]!),
        size: 0.1,
        isBuyerMaker: (ids[k]! & 1) === 0,
      };
    });
  };

  // History: enough 1 s bars for every pair's window (LivePair.historyBars = 2 W), ending now.
  const liveStart = Math.ceil(Date.now() / 1000) * 1000 + 1000;
  const history = createIngestor({
    store,
    timeframes: ['1s'],
    maxBatch: 50_000,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
  for (let s = 2 * WINDOW + 60; s > 0; s--) history.push(ticksAt(liveStart - s * 1000));
  history.close();

  const hub = new EventHub();
  const service = createAnalyticsService({
    store,
    hub,
    nativeBinding: opts.nativeBinding,
    workerEntry: opts.workerEntry,
  });
  // The user's list as a restart finds it: all 50 pairs follow at once.
  const saved = openWatchlistStore(store.db);
  for (const p of pairs) saved.add(p, Date.now());
  owned.add(createWatchlistService({ db: store.db, hub, source: service }));
  await service.handlers['analytics.watchPair'](pairs[0]!);
  await service.settled();

  // Per second of data: when its first trade was handed over, and which pairs have folded it.
  const firstTradeAt = new Map<number, number>();
  const reached = new Map<number, Set<string>>();
  const latencies: number[] = [];
  owned.add(
    service.onDidFold((e) => {
      const ts = e.points[e.points.length - 1]!.ts;
      const seen = reached.get(ts);
      if (!seen) return;
      seen.add(pairKey(e.pair));
      if (seen.size === pairs.length) {
        latencies.push(performance.now() - firstTradeAt.get(ts)!);
        reached.delete(ts);
      }
    }),
  );
  const ingestor = createIngestor({ store, timeframes: ['1s'], onBars: (bars) => service.onBars(bars) });

  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await new Promise<void>((resolve) => {
    const stepMs = 1000 / TICKS_PER_S;
    let step = 0;
    const tick = (): void => {
      const ts = liveStart + step * stepMs;
      const second = Math.floor(ts / 1000) * 1000;
      if (ts === second) {
        firstTradeAt.set(second, performance.now());
        reached.set(second, new Set());
      }
      ingestor.push(ticksAt(ts));
      step++;
      if (step >= liveSeconds * TICKS_PER_S) return resolve();
      // Live rate: each step at its due time, whatever the last one cost.
      setTimeout(tick, Math.max(0, wall0 + step * stepMs - performance.now()));
    };
    tick();
  });
  ingestor.flush();
  await service.settled();
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  ingestor.close();
  owned.dispose();
  await service.dispose();
  store.close();
  rmSync(dir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  const p99 = latencies.length
    ? latencies[Math.min(latencies.length - 1, Math.floor(0.99 * latencies.length))]!
    : Number.NaN;
  return {
    watch_pairs_50_cpu_pct: { value: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, unit: '%' },
    watch_update_ms_p99: { value: p99, unit: 'ms' },
    watch_snapshots_per_s: { value: (service.stats().snapshotsPushed / wallMs) * 1000, unit: '/s' },
  };
}
