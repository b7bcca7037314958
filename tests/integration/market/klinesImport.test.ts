import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KLINES_HEADER } from '../../../src/core/binance/parseKlines';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store';
import { runCli } from '../../support/cliRun';
import { fakeKline, klineCsvFields, type FakeKline } from '../../support/fakeBinance';
import { syntheticTicks } from '../../support/syntheticTrades';
import { zipOneFile } from '../../support/zip';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-klines-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 1_723_075_200_000; // 2024-08-08T00:00:00Z
const MIN = 60_000;

function klines(symbol: string, intervalMs: number, from: number, n: number): FakeKline[] {
  return Array.from({ length: n }, (_, i) => fakeKline(symbol, intervalMs, from + i * intervalMs));
}
const csv = (rows: FakeKline[], header = true): string =>
  [...(header ? [KLINES_HEADER.join(',')] : []), ...rows.map((k) => klineCsvFields(k).join(','))].join('\n') + '\n';

/** The bars the spec makes of these klines: zero-volume ones dropped. */
function expectedBars(rows: FakeKline[]) {
  return rows
    .filter((k) => k.volume > 0)
    .map((k) => ({
      ts: k.openTime,
      open: k.open,
      high: k.high,
      low: k.low,
      close: k.close,
      volume: k.volume,
      quoteVolume: k.quoteVolume,
      trades: k.count,
      vwap: k.quoteVolume / k.volume,
      buyVolume: k.takerBuyVolume,
    }));
}
const stored = (db: string, symbol: string, tf: '1m' | '1h') => {
  const s = openStore(db, { readonly: true });
  try {
    return s.getBars({ symbol, tf }).map(({ symbol: _s, tf: _t, ...b }) => b);
  } finally {
    s.close();
  }
};

describe('tickscope import of klines files', () => {
  it('imports a CSV with header and a header-less zip as bars of their interval, idempotently', async () => {
    const db = join(dir, 'a.db');
    const day = klines('BTCUSDT', MIN, DAY, 1440);
    const a = join(dir, 'BTCUSDT-1m-2024-08-08.csv');
    writeFileSync(a, csv(day));
    const hourly = klines('ETHUSDT', 3_600_000, DAY, 48);
    const z = join(dir, 'ETHUSDT-1h-2024-08.zip');
    writeFileSync(z, zipOneFile('ETHUSDT-1h-2024-08.csv', Buffer.from(csv(hourly, false))));
    const r = await runCli(['import', a, z, '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    const zeroA = day.filter((k) => k.volume === 0).length;
    const zeroZ = hourly.filter((k) => k.volume === 0).length;
    expect(zeroA).toBeGreaterThan(0);
    expect(
      rep.files.map((f: { kind: string; rows: number; rejected: number }) => [f.kind, f.rows, f.rejected]),
    ).toEqual([
      ['klines', 1440, 0],
      ['klines', 48, 0],
    ]);
    expect(rep.files[0].klines).toEqual({
      tf: '1m',
      zeroVolume: zeroA,
      newBars: 1440 - zeroA,
      updatedBars: 0,
      tradeBarsKept: 0,
    });
    expect(rep.files[1].klines).toEqual({
      tf: '1h',
      zeroVolume: zeroZ,
      newBars: 48 - zeroZ,
      updatedBars: 0,
      tradeBarsKept: 0,
    });
    expect(stored(db, 'BTCUSDT', '1m')).toEqual(expectedBars(day));
    expect(stored(db, 'ETHUSDT', '1h')).toEqual(expectedBars(hourly));

    const again = await runCli(['import', a, '--db', db]);
    expect(again.stdout).toBe(
      `${a}: BTCUSDT klines 1m: 0 new bars, ${1440 - zeroA} already present (updated), 0 kept as built from trades, ${zeroA} without volume skipped, 0 rejected\n`,
    );
    expect(stored(db, 'BTCUSDT', '1m')).toEqual(expectedBars(day));
  });

  it('takes the kind from the header, or --kind klines, when the name does not say; reads columns by name', async () => {
    const db = join(dir, 'b.db');
    const rows = klines('SOLUSDT', MIN, DAY, 30);
    const order = [...KLINES_HEADER].reverse();
    const f = join(dir, 'SOLUSDT-export.csv');
    writeFileSync(
      f,
      [
        order.join(','),
        ...rows.map((k) => order.map((name) => klineCsvFields(k)[KLINES_HEADER.indexOf(name)]).join(',')),
      ].join('\n'),
    );
    expect((await runCli(['import', f, '--db', db])).code).toBe(0);
    expect(stored(db, 'SOLUSDT', '1m')).toEqual(expectedBars(rows));
    const bare = join(dir, 'dump.csv');
    writeFileSync(bare, csv(klines('XRPUSDT', MIN, DAY, 10), false));
    const r = await runCli(['import', bare, '--kind', 'klines', '--symbol', 'xrpusdt', '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files[0].klines.tf).toBe('1m');
    expect(stored(db, 'XRPUSDT', '1m')).toEqual(expectedBars(klines('XRPUSDT', MIN, DAY, 10)));
  });

  it('keeps bars built from trades where both exist (trades win)', async () => {
    const db = join(dir, 'c.db');
    const store = openStore(db);
    const ticks = syntheticTicks({
      symbol: 'BTCUSDT',
      count: 300,
      seed: 9,
      startMs: DAY + 10 * MIN + 1000,
      meanGapMs: 400,
    });
    const ing = createIngestor({
      store,
      timeframes: ['1m'],
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    ing.push(ticks);
    ing.close();
    const tradeBars = store.getBars({ symbol: 'BTCUSDT', tf: '1m' });
    store.close();
    const day = klines('BTCUSDT', MIN, DAY, 60);
    const f = join(dir, 'BTCUSDT-1m-2024-08-08.csv');
    writeFileSync(f, csv(day));
    const r = JSON.parse((await runCli(['import', f, '--db', db, '--json'])).stdout);
    const tradeTs = new Set(tradeBars.map((b) => b.ts));
    const klineOnly = expectedBars(day).filter((b) => !tradeTs.has(b.ts));
    expect(r.files[0].klines.tradeBarsKept).toBe(expectedBars(day).length - klineOnly.length);
    const all = stored(db, 'BTCUSDT', '1m');
    expect(all.filter((b) => tradeTs.has(b.ts))).toEqual(tradeBars.map(({ symbol: _s, tf: _t, ...b }) => b));
    expect(all.filter((b) => !tradeTs.has(b.ts))).toEqual(klineOnly);
  });

  it('fails with one line and stores nothing for klines files with wrong columns or intervals', async () => {
    const db = join(dir, 'd.db');
    const good = join(dir, 'ADAUSDT-1m-2024-08-08.csv');
    writeFileSync(good, csv(klines('ADAUSDT', MIN, DAY, 20)));
    const cases: [string, string, RegExp][] = [
      [
        'BNBUSDT-1m-2024-08-08.csv',
        'open_time,open,high,low,close,volume\n1,2,3,4,5,6\n',
        /line 1: the klines header lacks close_time, quote_volume, count, taker_buy_volume/,
      ],
      ['DOTUSDT-1m-2024-08-08.csv', '1723075200000,1,2,0.5,1.5,3\n', /line 1: expected 12 klines columns, got 6/],
      [
        'LTCUSDT-1m-2024-08-08.csv',
        csv(klines('LTCUSDT', MIN, DAY, 5)) + '1,2,3\n',
        /line 7: expected 12 klines columns, got 3; nothing stored from this file/,
      ],
      ['BCHUSDT-3m-2024-08-08.csv', csv(klines('BCHUSDT', 180_000, DAY, 5)), /3m klines have no Tickscope timeframe/],
      [
        'ETCUSDT-1m-2024-08-08.csv',
        'id,price,qty,quote_qty,time,is_buyer_maker\n1,2,3,6,1723075200000,true\n',
        /line 1: not a klines header or row: "id,price/,
      ],
    ];
    for (const [name, text, err] of cases) {
      const f = join(dir, name);
      writeFileSync(f, text);
      const r = await runCli(['import', good, f, '--db', db]);
      expect(r.code, name).toBe(1);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stderr, name).toMatch(err);
      if (existsSync(db)) {
        const s = openStore(db, { readonly: true });
        expect(s.getBars({ symbol: name.split('-')[0]!, tf: '1m' }), name).toEqual([]);
        s.close();
      }
    }
    // Only a mid-file error lets earlier files through; the header errors stop the import first.
    const s = openStore(db, { readonly: true });
    expect(s.getBars({ symbol: 'ADAUSDT', tf: '1m' }).length).toBeGreaterThan(0);
    s.close();
    const first = join(dir, 'first.db');
    const r = await runCli(['import', good, join(dir, 'BNBUSDT-1m-2024-08-08.csv'), '--db', first]);
    expect(r.code).toBe(1);
    const f = openStore(first, { readonly: true });
    expect(f.getBars({ symbol: 'ADAUSDT', tf: '1m' })).toEqual([]);
    f.close();
  });

  it('counts impossible rows as rejects, with the line of the first', async () => {
    const db = join(dir, 'e.db');
    const rows = klines('AVAXUSDT', MIN, DAY, 10).map((k) => klineCsvFields(k));
    rows[3]![4] = '-5';
    rows[6]![0] = String(DAY + 6 * MIN + 7);
    const f = join(dir, 'AVAXUSDT-1m-2024-08-08.csv');
    writeFileSync(f, [KLINES_HEADER.join(','), ...rows.map((r) => r.join(','))].join('\n'));
    const rep = JSON.parse((await runCli(['import', f, '--db', db, '--json'])).stdout).files[0];
    expect(rep.rejected).toBe(2);
    expect(rep.rejectReasons['invalid close price']).toEqual({ count: 1, firstLine: 5 });
    expect(Object.keys(rep.rejectReasons)).toHaveLength(2);
  });
});
