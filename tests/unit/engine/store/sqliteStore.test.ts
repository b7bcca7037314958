import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDbPath, MIGRATIONS, openStore, userDataDir, type SqliteTickStore } from '../../../../src/engine/store';
import { syntheticTicks } from '../../../support/syntheticTrades';

describe('SQLite store', () => {
  let dir: string;
  let store: SqliteTickStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-store-'));
    store = openStore(join(dir, 'sub', 't.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses WAL and migrates to the current version', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('inserts idempotently and counts duplicates', () => {
    const ticks = syntheticTicks({ count: 1000, seed: 1 });
    expect(store.insertTicks(ticks)).toEqual({ inserted: 1000, duplicates: 0 });
    expect(store.insertTicks(ticks.slice(500))).toEqual({ inserted: 0, duplicates: 500 });
    const more = syntheticTicks({ count: 1200, seed: 1 });
    const r = store.insertNewTicks(more);
    expect(r.duplicates).toBe(1000);
    expect(r.inserted.map((t) => t.tradeId)).toEqual(more.slice(1000).map((t) => t.tradeId));
    expect(store.lastTradeId('BTCUSDT')).toBe(more[1199]!.tradeId);
    expect(store.lastTradeId('NOPE')).toBeNull();
    expect(store.listSymbols()).toEqual(['BTCUSDT']);
  });

  it('iterates ticks ascending by (ts, id) within a range, round-tripping every field', () => {
    const ticks = syntheticTicks({ count: 2000, seed: 2 });
    store.insertTicks([...ticks].reverse());
    const all = [...store.iterateTicks({ symbol: 'BTCUSDT' })];
    expect(all).toEqual(ticks);
    const from = ticks[100]!.ts;
    const to = ticks[200]!.ts;
    const part = [...store.iterateTicks({ symbol: 'BTCUSDT', from, to })];
    expect(part).toEqual(ticks.filter((t) => t.ts >= from && t.ts <= to));
    expect(store.countTicks({ symbol: 'BTCUSDT', from, to })).toBe(part.length);
  });

  it('upserts bars and returns the latest `limit` ascending', () => {
    const bar = (ts: number, close: number) => ({
      symbol: 'BTCUSDT',
      tf: '1m' as const,
      ts,
      open: 1,
      high: 2,
      low: 0.5,
      close,
      volume: 2,
      quoteVolume: 3,
      trades: 2,
      vwap: 1.5,
      buyVolume: 1,
    });
    store.upsertBars([bar(0, 1), bar(60000, 1), bar(120000, 1)]);
    store.upsertBars([bar(60000, 1.7)]);
    expect(store.getBars({ symbol: 'BTCUSDT', tf: '1m' }).map((b) => b.close)).toEqual([1, 1.7, 1]);
    expect(store.getBars({ symbol: 'BTCUSDT', tf: '1m', limit: 2 }).map((b) => b.ts)).toEqual([60000, 120000]);
    expect(store.getBars({ symbol: 'BTCUSDT', tf: '1m', from: 60000, to: 60000 })).toHaveLength(1);
    expect(store.getBars({ symbol: 'BTCUSDT', tf: '1s' })).toEqual([]);
  });

  it('records gaps and applies retention', () => {
    const id = store.recordGap({ symbol: 'ETHUSDT', fromId: 5, toId: 9, detectedAt: 1000, reason: 'reconnect' });
    store.markGapFilled(id, 2000);
    store.recordGap({ symbol: 'ETHUSDT', fromId: 20, toId: 21, detectedAt: 3000 });
    expect(store.listGaps('ETHUSDT').map((g) => [g.fromId, g.toId, g.filledAt])).toEqual([
      [5, 9, 2000],
      [20, 21, null],
    ]);
    const ticks = syntheticTicks({ count: 100, seed: 3, startMs: 0, meanGapMs: 86_400_000 / 10 });
    store.insertTicks(ticks);
    const cutoff = ticks[50]!.ts;
    const deleted = store.deleteTicksBefore(cutoff);
    expect(deleted).toBe(ticks.filter((t) => t.ts < cutoff).length);
    expect(store.integrityCheck()).toBe('ok');
  });

  it('reopens an existing file with its data', () => {
    store.insertTicks(syntheticTicks({ count: 10, seed: 4 }));
    const path = store.path;
    store.close();
    store = openStore(path);
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(10);
    expect(store.sizeBytes()).toBeGreaterThan(0);
  });
});

describe('defaultDbPath', () => {
  it('honours TICKSCOPE_DB and the platform user-data folders', () => {
    expect(defaultDbPath({ TICKSCOPE_DB: '/x/y.db' }, 'linux')).toBe('/x/y.db');
    expect(defaultDbPath({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/Tickscope/tickscope.db');
    expect(userDataDir({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Application Support/Tickscope');
    expect(userDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming', HOME: 'C:\\Users\\u' }, 'win32')).toContain(
      'Tickscope',
    );
  });
});
