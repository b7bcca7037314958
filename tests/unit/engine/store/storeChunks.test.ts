import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type SqliteTickStore } from '../../../../src/engine/store/sqliteStore';
import type { Tick } from '../../../../src/shared/market';

const tick = (tradeId: number, symbol = 'BTCUSDT'): Tick => ({
  symbol,
  tradeId,
  ts: 1000 + tradeId,
  price: 100 + tradeId,
  size: 1,
  isBuyerMaker: false,
});
const ids = (from: number, to: number, symbol?: string) =>
  Array.from({ length: to - from + 1 }, (_, i) => tick(from + i, symbol));

let dir: string;
let store: SqliteTickStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-chunks-'));
  store = openStore(join(dir, 't.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('chunked inserts say exactly which ticks were new', () => {
  it('fresh chunks, a repeated tick inside a chunk, and a refill of older ids', () => {
    expect(store.insertNewTicks(ids(1, 200)).inserted).toHaveLength(200);
    // 64 fresh ids with one of them repeated: the repeat is a duplicate.
    const withRepeat = [...ids(201, 263), tick(230)];
    const r = store.insertNewTicks(withRepeat);
    expect(r.inserted.map((t) => t.tradeId)).toEqual(ids(201, 263).map((t) => t.tradeId));
    expect(r.duplicates).toBe(1);
    // A refill overlapping stored ids: only the missing ones are new.
    store.db.prepare('DELETE FROM ticks WHERE trade_id BETWEEN 50 AND 59').run();
    const refill = store.insertNewTicks(ids(1, 128));
    expect(refill.inserted.map((t) => t.tradeId)).toEqual(ids(50, 59).map((t) => t.tradeId));
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(263);
  });

  it('interleaved symbols keep separate id sequences', () => {
    const mixed = ids(1, 100).flatMap((t) => [t, tick(t.tradeId, 'ETHUSDT')]);
    expect(store.insertNewTicks(mixed).inserted).toHaveLength(200);
    expect(store.insertNewTicks(mixed).inserted).toHaveLength(0);
  });

  it('after a rolled-back batch, the same ticks are new again', () => {
    expect(() =>
      store.transaction(() => {
        store.insertNewTicks(ids(1, 128));
        throw new Error('power cut');
      }),
    ).toThrow('power cut');
    expect(store.countTicks({ symbol: 'BTCUSDT' })).toBe(0);
    expect(store.insertNewTicks(ids(1, 128)).inserted).toHaveLength(128);
  });
});
