import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KLINES_HEADER } from '../../../src/core/binance/parseKlines';
import { importFiles } from '../../../src/engine/import/importFiles';
import { openStore, type SqliteTickStore } from '../../../src/engine/store';
import type { Bar } from '../../../src/shared/market';
import { haveRecordings, recordingsDir } from '../../support/realdataBars';

const um = join(recordingsDir(), 'binance-um');
const present = haveRecordings();
if (!present) console.log(`[realdata] skipping: no recordings at ${um} (set TICKSCOPE_DATA_DIR)`);

const dir = mkdtempSync(join(tmpdir(), 'tickscope-real-klines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MIN = 60_000;

/**
 * Klines as Binance builds them from a trades file: per minute of trade time, the first and
 * last trade by (time, id), high, low, Σ qty, Σ quote qty, the count, and the taker-buy
 * sums (trades whose buyer was not the maker). Written as a data.binance.vision klines CSV.
 * Independent of the app's bar builder: plain arithmetic on the CSV's own columns.
 */
function klinesCsvFromTrades(path: string): string {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const head = lines[0]!.split(',');
  const col = (n: string) => head.indexOf(n);
  const trades = lines.slice(1).map((l) => {
    const f = l.split(',');
    return {
      id: Number(f[col('id')]),
      price: Number(f[col('price')]),
      qty: Number(f[col('qty')]),
      quote: Number(f[col('quote_qty')]),
      time: Number(f[col('time')]),
      maker: f[col('is_buyer_maker')] === 'true',
    };
  });
  trades.sort((a, b) => a.time - b.time || a.id - b.id);
  const minutes = new Map<number, typeof trades>();
  for (const t of trades) {
    const m = Math.floor(t.time / MIN) * MIN;
    if (!minutes.has(m)) minutes.set(m, []);
    minutes.get(m)!.push(t);
  }
  const rows = [KLINES_HEADER.join(',')];
  for (const [m, ts] of minutes) {
    const sum = (f: (t: (typeof ts)[number]) => number) => ts.reduce((s, t) => s + f(t), 0);
    rows.push(
      [
        m,
        ts[0]!.price,
        Math.max(...ts.map((t) => t.price)),
        Math.min(...ts.map((t) => t.price)),
        ts.at(-1)!.price,
        sum((t) => t.qty),
        m + MIN - 1,
        sum((t) => t.price * t.qty),
        ts.length,
        sum((t) => (t.maker ? 0 : t.qty)),
        sum((t) => (t.maker ? 0 : t.quote)),
        0,
      ].join(','),
    );
  }
  return rows.join('\n') + '\n';
}

const tradeFiles = present
  ? readdirSync(um)
      .filter((f) => f.endsWith('-trades.csv'))
      .map((f) => join(um, f))
  : [];
const symbols = ['BTCUSDT', 'ETHUSDT'];

function klineFiles(): string[] {
  return tradeFiles.map((f, i) => {
    const symbol = f.split('/').pop()!.split('-')[0]!;
    const out = join(dir, `${symbol}-1m-2024-0${7 + (i % 2)}-${10 + i}.csv`);
    writeFileSync(out, klinesCsvFromTrades(f));
    return out;
  });
}

const bars1m = (store: SqliteTickStore): Bar[] => symbols.flatMap((symbol) => store.getBars({ symbol, tf: '1m' }));

function expectSameBars(a: Bar[], b: Bar[]): void {
  expect(a.map((x) => [x.symbol, x.ts])).toEqual(b.map((x) => [x.symbol, x.ts]));
  a.forEach((x, i) => {
    const y = b[i]!;
    const label = `${x.symbol} ${new Date(x.ts).toISOString()}`;
    expect([x.open, x.high, x.low, x.close, x.trades], label).toEqual([y.open, y.high, y.low, y.close, y.trades]);
    for (const k of ['volume', 'quoteVolume', 'buyVolume', 'vwap'] as const)
      expect(Math.abs(x[k] - y[k]), `${label} ${k}`).toBeLessThanOrEqual(1e-9 * Math.abs(y[k]) + 1e-12);
  });
}

describe.skipIf(!present)('bars from trades and from klines of the same trades (real recordings)', () => {
  it('agree on every 1m bar of both recorded windows', async () => {
    const fromTrades = openStore(join(dir, 'trades.db'));
    const fromKlines = openStore(join(dir, 'klines.db'));
    const t = await importFiles(tradeFiles, { store: fromTrades, timeframes: ['1m'] });
    const k = await importFiles(klineFiles(), { store: fromKlines });
    expect(t.rejected + k.rejected).toBe(0);
    expect(k.files.every((f) => f.kind === 'klines' && f.klines!.tf === '1m')).toBe(true);
    const a = bars1m(fromTrades);
    expect(a.length).toBeGreaterThan(20);
    expectSameBars(bars1m(fromKlines), a);
    fromTrades.close();
    fromKlines.close();
  });

  it('trades win where both are stored, whichever came first', async () => {
    const reference = openStore(join(dir, 'trades.db'), { readonly: true });
    const expected = bars1m(reference);
    reference.close();
    for (const order of ['klines first', 'trades first'] as const) {
      const store = openStore(join(dir, `${order.replace(' ', '-')}.db`));
      const kFiles = klineFiles();
      if (order === 'klines first') {
        await importFiles(kFiles, { store });
        await importFiles(tradeFiles, { store, timeframes: ['1m'] });
      } else {
        await importFiles(tradeFiles, { store, timeframes: ['1m'] });
        const rep = await importFiles(kFiles, { store });
        expect(rep.files.reduce((s, f) => s + f.klines!.tradeBarsKept, 0)).toBe(expected.length);
      }
      const got = bars1m(store);
      // Trade bars are exactly the builder's (merge keys included), not the klines' values.
      expect(got).toEqual(expected);
      expect(store.db.prepare("SELECT count(*) FROM bars WHERE tf = '1m' AND source = 1").pluck().get()).toBe(0);
      store.close();
    }
  });
});
