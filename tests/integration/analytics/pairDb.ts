import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore, type SqliteTickStore } from '../../../src/engine/store/sqliteStore';
import type { Bar, Timeframe } from '../../../src/shared/market';

export const START_MS = 1_723_161_600_000;

export interface PairDb {
  dir: string;
  dbPath: string;
  store: SqliteTickStore;
  cleanup(): void;
}

/** A temp database file (the worker opens its own connection, so never :memory:). */
export function tempDb(prefix = 'tickscope-analytics-'): PairDb {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbPath = join(dir, 'test.db');
  const store = openStore(dbPath);
  return {
    dir,
    dbPath,
    store,
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Seeded simulated BTC/ETH trades through the real ingest pipeline (ticks → bars → store). */
export function fillSimulatedPair(
  store: SqliteTickStore,
  seconds: number,
  opts: { seed?: number; timeframes?: Timeframe[] } = {},
): void {
  const sim = new CointegratedPairSim({ seed: opts.seed ?? 7, startMs: START_MS });
  const ing = createIngestor({
    store,
    timeframes: opts.timeframes ?? ['1s', '1m'],
    maxBatch: 20_000,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
  for (let t = 0; t < seconds; t += 600) ing.push(sim.advance(START_MS + Math.min(seconds, t + 600) * 1000));
  ing.close();
}

/** Bars with one close per second per leg, written straight to the store (fast, for big windows). */
export function writeSyntheticBars(
  store: SqliteTickStore,
  n: number,
  symbols: [string, string] = ['BTCUSDT', 'ETHUSDT'],
  seed = 3,
): void {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const bars: Bar[] = [];
  let x = 3000;
  let u = 0;
  for (let i = 0; i < n; i++) {
    x += 0.5 * rnd();
    u = 0.97 * u + 2 * rnd();
    const y = 2000 + 19.5 * x + u;
    for (const [symbol, c] of [
      [symbols[0], y],
      [symbols[1], x],
    ] as const) {
      bars.push({
        symbol,
        tf: '1s',
        ts: START_MS + i * 1000,
        open: c,
        high: c + 0.1,
        low: c - 0.1,
        close: c,
        volume: 1,
        quoteVolume: c,
        trades: 1,
        vwap: c,
        buyVolume: 0.5,
      });
    }
  }
  store.upsertBars(bars);
}
