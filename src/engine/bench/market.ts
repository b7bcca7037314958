import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseStreamMessage } from '../../core/binance/parseStream';
import type { Tick } from '../../shared/market';
import { exportTicks } from '../export/exportData';
import { createIngestor } from '../ingest/ingestor';
import { openStore } from '../store/sqliteStore';

export type BenchFigures = Record<string, { value: number; unit: string }>;

export interface MarketBenchOptions {
  /** Ticks for the ingest/insert/export runs (default 500k). */
  readonly ticks?: number;
  /** Ticks for the memory run (default 10M; pass e.g. 1M for a quick mode). */
  readonly memoryTicks?: number;
  readonly nativeBinding?: string;
  readonly log?: (line: string) => void;
}

/** Deterministic two-symbol trade stream, generated lazily so memory is not the generator's. */
function* syntheticFrames(count: number): Generator<string> {
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let ts = 1_723_161_256_000;
  const price = [60_000, 3_000];
  const ids = [5_000_000_000, 4_000_000_000];
  const syms = ['BTCUSDT', 'ETHUSDT'];
  for (let i = 0; i < count; i++) {
    const k = i & 1;
    ts += rnd() < 0.7 ? 0 : 1 + Math.floor(rnd() * 5);
    price[k] = Math.max(1, price[k]! * (1 + (rnd() - 0.5) * 0.0004));
    const s = syms[k]!;
    yield `{"stream":"${s.toLowerCase()}@aggTrade","data":{"e":"aggTrade","E":${ts + 3},"a":${ids[k]!++},"s":"${s}","p":"${price[k]!.toFixed(2)}","q":"${(0.001 + rnd()).toFixed(3)}","nq":"0.1","f":1,"l":2,"T":${ts},"m":${rnd() < 0.5}}}`;
  }
}

function tempDb(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-'));
  return { path: join(dir, 'bench.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Raw frames -> parse -> validate -> store -> bars for every timeframe, on this thread. */
function ingestRun(
  frames: Iterable<string>,
  path: string,
  nativeBinding?: string,
  every?: { ticks: number; fn: (n: number) => void },
): { ticks: number; ms: number } {
  const store = openStore(path, { nativeBinding });
  const ingestor = createIngestor({ store, flushMs: 1e9, maxBatch: 5000 });
  const batch: Tick[] = [];
  let n = 0;
  const t0 = performance.now();
  for (const f of frames) {
    const r = parseStreamMessage(f);
    if (r.kind !== 'tick') continue;
    batch.push(r.tick);
    n++;
    if (every && n % every.ticks === 0) every.fn(n);
    if (batch.length === 1000) {
      ingestor.push(batch);
      batch.length = 0;
    }
  }
  ingestor.push(batch);
  ingestor.close();
  const ms = performance.now() - t0;
  store.close();
  return { ticks: n, ms };
}

/**
 * Market-data benchmarks. `sqlite_insert_rows_per_s` is the reference: the same rows
 * (pre-parsed) inserted with the canonical better-sqlite3 pattern -- one prepared statement,
 * one row per run(), 5000-row transactions -- into the same schema, in the same run.
 */
export async function runMarketBench(opts: MarketBenchOptions = {}): Promise<BenchFigures> {
  const n = opts.ticks ?? 500_000;
  const log = opts.log ?? (() => undefined);
  const frames = [...syntheticFrames(n)];

  // warm-up so the JIT has seen the hot paths
  {
    const db = tempDb();
    ingestRun(frames.slice(0, 20_000), db.path, opts.nativeBinding);
    db.cleanup();
  }

  // Reference: bare batched insert of the same rows (pre-parsed).
  const ticks: Tick[] = [];
  for (const f of frames) {
    const r = parseStreamMessage(f);
    if (r.kind === 'tick') ticks.push(r.tick);
  }
  const referenceRun = (): number => {
    const refDb = tempDb();
    const ref = openStore(refDb.path, { nativeBinding: opts.nativeBinding });
    const stmt = ref.db.prepare(
      'INSERT OR IGNORE INTO ticks (sym, trade_id, ts, price, size, is_buyer_maker) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertBatch = ref.db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const t = ticks[i]!;
        stmt.run(t.symbol === 'BTCUSDT' ? 1 : 2, t.tradeId, t.ts, t.price, t.size, t.isBuyerMaker ? 1 : 0);
      }
    });
    const t0 = performance.now();
    for (let i = 0; i < ticks.length; i += 5000) insertBatch(i, Math.min(ticks.length, i + 5000));
    const ms = performance.now() - t0;
    ref.close();
    refDb.cleanup();
    return (ticks.length / ms) * 1000;
  };

  // Runs alternate and each figure is the median of its runs, so a burst of load on the
  // machine skews both sides of the ratio alike instead of one of them.
  const ingestRates: number[] = [];
  const sqliteRates: number[] = [];
  let ingestDb = tempDb();
  for (let run = 0; run < 3; run++) {
    if (run > 0) ingestDb.cleanup();
    ingestDb = tempDb();
    const ingest = ingestRun(frames, ingestDb.path, opts.nativeBinding);
    ingestRates.push((ingest.ticks / ingest.ms) * 1000);
    sqliteRates.push(referenceRun());
    log(
      `run ${run + 1}: ingest ${ingestRates[run]!.toFixed(0)} ticks/s, sqlite ${sqliteRates[run]!.toFixed(0)} rows/s`,
    );
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ingestPerS = median(ingestRates);
  const sqlitePerS = median(sqliteRates);
  // Export: every stored tick of one symbol as CSV into a sink that discards.
  const store = openStore(ingestDb.path, { nativeBinding: opts.nativeBinding });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const t0 = performance.now();
  const exported = await exportTicks(store, sink, { symbol: 'BTCUSDT', format: 'csv' });
  const exportMs = performance.now() - t0;
  // The same ticks as Parquet (encoded, snappy-compressed, row groups of 100k).
  const t1 = performance.now();
  const exportedParquet = await exportTicks(store, sink, { symbol: 'BTCUSDT', format: 'parquet' });
  const parquetMs = performance.now() - t1;
  store.close();
  ingestDb.cleanup();
  log(
    `export: ${exported} rows in ${exportMs.toFixed(0)} ms as CSV, ${exportedParquet} in ${parquetMs.toFixed(0)} ms as Parquet`,
  );

  // Memory: a long replay streamed through the pipeline; RSS after it says whether memory
  // stays flat (frames are generated lazily, never held).
  // Flat means: RSS after the first tenth (caches and JIT warm) equals RSS at the end.
  const memN = opts.memoryTicks ?? 10_000_000;
  const memDb = tempDb();
  frames.length = 0;
  ticks.length = 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  const rssNow = (): number => {
    gc?.();
    return process.memoryUsage().rss;
  };
  let rssWarm = 0;
  ingestRun(syntheticFrames(memN), memDb.path, opts.nativeBinding, {
    ticks: Math.floor(memN / 10),
    fn: (n) => n === Math.floor(memN / 10) && (rssWarm = rssNow()),
  });
  const rssAfter = rssNow();
  memDb.cleanup();
  log(
    `memory run: ${memN} ticks, rss ${(rssWarm / 2 ** 20).toFixed(0)} MB after a tenth -> ${(rssAfter / 2 ** 20).toFixed(0)} MB at the end`,
  );

  return {
    ingest_ticks_per_s: { value: Math.round(ingestPerS), unit: 'ticks/s' },
    sqlite_insert_rows_per_s: { value: Math.round(sqlitePerS), unit: 'rows/s' },
    ingest_vs_sqlite: { value: Number((ingestPerS / sqlitePerS).toFixed(3)), unit: 'ratio' },
    export_rows_per_s: { value: Math.round((exported / exportMs) * 1000), unit: 'rows/s' },
    export_parquet_rows_per_s: { value: Math.round((exportedParquet / parquetMs) * 1000), unit: 'rows/s' },
    [memN === 10_000_000 ? 'rss_mb_after_10m_ticks' : `rss_mb_after_${memN}_ticks`]: {
      value: Math.round(rssAfter / 2 ** 20),
      unit: 'MB',
    },
    [memN === 10_000_000 ? 'rss_growth_mb_over_10m_ticks' : `rss_growth_mb_over_${memN}_ticks`]: {
      value: Math.round((rssAfter - rssWarm) / 2 ** 20),
      unit: 'MB (end minus after the first tenth)',
    },
  };
}
