import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore } from '../../../../src/engine/store';
import { fundingRateStore } from '../../../../src/engine/store/fundingRates';

describe('funding rates in the store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tickscope-funding-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const rate = (symbol: string, ts: number, r: number) => ({ symbol, ts, rate: r, intervalHours: 8, markPrice: null });

  it('stores each (symbol, time) once and lists a range ascending', () => {
    const store = openStore(join(dir, 'a.db'));
    const table = fundingRateStore(store.db)!;
    expect(
      table.insert([rate('BTCUSDT', 3000, 0.0001), rate('BTCUSDT', 1000, -0.0002), rate('ETHUSDT', 1000, 0.0003)]),
    ).toEqual({ inserted: 3, duplicates: 0 });
    expect(table.insert([rate('BTCUSDT', 1000, 0.5), rate('BTCUSDT', 2000, 0)])).toEqual({
      inserted: 1,
      duplicates: 1,
    });
    expect(table.list('BTCUSDT').map((r) => [r.ts, r.rate])).toEqual([
      [1000, -0.0002],
      [2000, 0],
      [3000, 0.0001],
    ]);
    expect(table.list('BTCUSDT', 1000, 3000).map((r) => r.ts)).toEqual([1000, 2000]);
    expect(table.latest('BTCUSDT')).toBe(3000);
    expect(table.latest('BTCUSDT', 0, 2500)).toBe(2000);
    expect(table.latest('SOLUSDT')).toBeNull();
    expect(table.count('ETHUSDT')).toBe(1);
    store.close();
  });

  it('a database from before the funding table is migrated, keeping its data', () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO symbols (name) VALUES ('BTCUSDT')").run();
    // Read-only, an old database is not migrated: no funding table, and no error either.
    old.close();
    const ro = openStore(path, { readonly: true });
    expect(fundingRateStore(ro.db)).toBeNull();
    ro.close();
    const store = openStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.listSymbols()).toEqual(['BTCUSDT']);
    expect(fundingRateStore(store.db)!.insert([rate('BTCUSDT', 1, 0)]).inserted).toBe(1);
    store.close();
  });
});
