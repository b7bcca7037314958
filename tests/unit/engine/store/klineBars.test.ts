import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngestor } from '../../../../src/engine/ingest/ingestor';
import { createKlineBarWriter } from '../../../../src/engine/store/klineBars';
import { MIGRATIONS, openStore, type SqliteTickStore } from '../../../../src/engine/store';
import type { Bar } from '../../../../src/shared/market';
import { naiveBars, syntheticTicks } from '../../../support/syntheticTrades';

const MIN = 60_000;
const T0 = 1_723_161_600_000;

function kline(ts: number, close: number, symbol = 'BTCUSDT'): Bar {
  return {
    symbol,
    tf: '1m',
    ts,
    open: close - 1,
    high: close + 2,
    low: close - 3,
    close,
    volume: 4,
    quoteVolume: 4 * close,
    trades: 9,
    vwap: close,
    buyVolume: 1.5,
  };
}

describe('kline bars beside trade bars (trades win)', () => {
  let dir: string;
  let store: SqliteTickStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-klines-'));
    store = openStore(join(dir, 'k.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores klines as bars every read sees, and counts new and replaced ones', () => {
    const w = createKlineBarWriter(store);
    expect(w.write([kline(T0, 100), kline(T0 + MIN, 101)])).toEqual({ newBars: 2, updatedBars: 0, tradeBarsKept: 0 });
    expect(store.getBars({ symbol: 'BTCUSDT', tf: '1m' })).toEqual([kline(T0, 100), kline(T0 + MIN, 101)]);
    expect(w.write([kline(T0 + MIN, 105), kline(T0 + 2 * MIN, 106)])).toEqual({
      newBars: 1,
      updatedBars: 1,
      tradeBarsKept: 0,
    });
    expect(store.getBars({ symbol: 'BTCUSDT', tf: '1m' }).map((b) => b.close)).toEqual([100, 105, 106]);
    expect([...store.iterateBars({ symbol: 'BTCUSDT', tf: '1m' })].map((b) => b.close)).toEqual([100, 105, 106]);
    expect(w.lastKlineStart('BTCUSDT', '1m')).toBe(T0 + 2 * MIN);
    expect(w.lastKlineStart('BTCUSDT', '5m')).toBeNull();
    expect(w.lastKlineStart('NOPEUSDT', '1m')).toBeNull();
  });

  it('never replaces a bar built from trades', () => {
    const ticks = syntheticTicks({ count: 400, seed: 4, startMs: T0 + 5_000, meanGapMs: 300 });
    const ing = createIngestor({
      store,
      timeframes: ['1m'],
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    ing.push(ticks);
    ing.close();
    const tradeBars = store.getBars({ symbol: 'BTCUSDT', tf: '1m' });
    const later = tradeBars.at(-1)!.ts + MIN;
    const w = createKlineBarWriter(store);
    expect(w.write([...tradeBars.map((b) => kline(b.ts, 1)), kline(later, 2)])).toEqual({
      newBars: 1,
      updatedBars: 0,
      tradeBarsKept: tradeBars.length,
    });
    expect(store.getBars({ symbol: 'BTCUSDT', tf: '1m' })).toEqual([...tradeBars, kline(later, 2)]);
    // The newest kline is the resume point, whatever trade bars there are.
    expect(w.lastKlineStart('BTCUSDT', '1m')).toBe(later);
  });

  it('lets later trades replace a kline bar instead of merging into it', () => {
    const ticks = syntheticTicks({ count: 200, seed: 5, startMs: T0 + MIN + 1_000, meanGapMs: 200 });
    const w = createKlineBarWriter(store);
    w.write([kline(T0, 100), kline(T0 + MIN, 100), kline(T0 + 2 * MIN, 100)]);
    const ing = createIngestor({
      store,
      timeframes: ['1m'],
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    // Two batches, the second through a new ingestor: its bar builder reloads each bar from
    // the store, which must then be the trade bar of the first batch, not the kline.
    ing.push(ticks.slice(0, 100));
    ing.close();
    const ing2 = createIngestor({
      store,
      timeframes: ['1m'],
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    ing2.push(ticks.slice(100));
    ing2.close();
    const fromTrades = naiveBars(ticks, MIN);
    const bars = store.getBars({ symbol: 'BTCUSDT', tf: '1m' });
    for (const b of bars) {
      const t = fromTrades.get(b.ts);
      if (t) expect([b.open, b.high, b.low, b.close, b.trades]).toEqual([t.open, t.high, t.low, t.close, t.trades]);
      else expect(b).toEqual(kline(b.ts, 100));
    }
    expect(bars.filter((b) => fromTrades.has(b.ts))).toHaveLength(fromTrades.size);
    expect(bars.some((b) => !fromTrades.has(b.ts))).toBe(true);
    // Re-importing the klines now keeps the trade bars.
    const again = w.write([kline(T0, 100), kline(T0 + MIN, 100), kline(T0 + 2 * MIN, 100)]);
    expect(again.tradeBarsKept).toBe([T0, T0 + MIN, T0 + 2 * MIN].filter((t) => fromTrades.has(t)).length);
    expect(store.getBars({ symbol: 'BTCUSDT', tf: '1m' })).toEqual(bars);
  });
});

describe('the source column migration', () => {
  it('reads a database of the previous schema read-only, then migrates it keeping its bars as trade bars', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-v1-'));
    try {
      const path = join(dir, 'v1.db');
      const raw = new Database(path);
      raw.exec(MIGRATIONS[0]!);
      raw.pragma('user_version = 1');
      raw.prepare("INSERT INTO symbols (id, name) VALUES (1, 'BTCUSDT')").run();
      raw
        .prepare(
          "INSERT INTO bars (sym, tf, ts, open, high, low, close, volume, quote_volume, trades, buy_volume) VALUES (1, '1m', ?, 1, 2, 0.5, 1.5, 2, 3, 4, 1)",
        )
        .run(T0);
      raw.close();
      const ro = openStore(path, { readonly: true });
      expect(ro.getBars({ symbol: 'BTCUSDT', tf: '1m' }).map((b) => b.close)).toEqual([1.5]);
      ro.close();
      const rw = openStore(path);
      expect(rw.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(rw.db.prepare('SELECT source FROM bars').pluck().all()).toEqual([0]);
      expect(createKlineBarWriter(rw).write([kline(T0, 9)])).toEqual({ newBars: 0, updatedBars: 0, tradeBarsKept: 1 });
      rw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
