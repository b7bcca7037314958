import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store/sqliteStore';
import type { Tick } from '../../../src/shared/market';
import { runCli } from '../../support/cliRun';
import { syntheticTicks } from '../../support/syntheticTrades';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-export-checks-'));
const db = join(dir, 'x.db');
const MINUTE = 60_000;
const T0 = Date.UTC(2024, 7, 8, 23, 0);

// Prices with one decimal and sizes with three, as Binance writes BTCUSDT; float sums of
// such sizes show noise (0.1 + 0.2 = 0.30000000000000004).
const btc = syntheticTicks({
  symbol: 'BTCUSDT',
  count: 4000,
  seed: 17,
  firstId: 1,
  startMs: T0,
  meanGapMs: 60,
  startPrice: 63_944.1,
});
const eth = syntheticTicks({
  symbol: 'ETHUSDT',
  count: 4000,
  seed: 18,
  firstId: 1,
  startMs: T0,
  meanGapMs: 60,
  startPrice: 2_650,
});
// One bar (the minute after the synthetic ones) where every trade is at 63944: its vwap must be exactly that.
const flatStart = Math.ceil((btc[btc.length - 1]!.ts + 1) / MINUTE) * MINUTE;
const flat: Tick[] = [0.1, 0.2, 0.3, 0.7, 0.1].map((size, i) => ({
  symbol: 'BTCUSDT',
  tradeId: 10_000 + i,
  ts: flatStart + i,
  price: 63_944,
  size,
  isBuyerMaker: i % 2 === 0,
}));

beforeAll(() => {
  const store = openStore(db);
  const ing = createIngestor({
    store,
    timeframes: ['1m', '1h'],
    timers: { setTimeout: () => 0, clearTimeout: () => undefined },
  });
  ing.push([...btc, ...flat]);
  ing.push(eth);
  ing.close();
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exact decimal of a value that has at most `d` decimals, as an integer count of 10^-d. */
const units = (v: number, d: number): bigint => BigInt(v.toFixed(d).replace('.', ''));
/** An integer count of 10^-d as the shortest decimal string. */
function decimal(n: bigint, d: number): string {
  const neg = n < 0n;
  const s = (neg ? -n : n).toString().padStart(d + 1, '0');
  const text = `${s.slice(0, s.length - d)}.${s.slice(s.length - d)}`.replace(/\.?0+$/, '');
  return neg ? `-${text}` : text;
}
/** n / m rounded half away from zero, for positive operands. */
const divRound = (n: bigint, m: bigint): bigint => (2n * n + m) / (2n * m);

/** What each 1m bar must show: sums computed exactly in integers (price 1 decimal, size 3). */
function exactBars(ticks: readonly Tick[]) {
  const bars = new Map<number, { volume: bigint; quote: bigint; buy: bigint }>();
  for (const t of ticks) {
    const ts = Math.floor(t.ts / MINUTE) * MINUTE;
    const b = bars.get(ts) ?? { volume: 0n, quote: 0n, buy: 0n };
    const q = units(t.size, 3);
    b.volume += q;
    b.quote += units(t.price, 1) * q;
    if (!t.isBuyerMaker) b.buy += q;
    bars.set(ts, b);
  }
  return new Map(
    [...bars].map(([ts, b]) => [
      ts,
      {
        volume: decimal(b.volume, 3),
        quote_volume: decimal(b.quote, 4),
        buy_volume: decimal(b.buy, 3),
        // quote / volume at the quote's precision, 4 decimals: (Q·10^-4)/(V·10^-3) = Q·1000/V units of 10^-4
        vwap: decimal(divRound(b.quote * 1000n, b.volume), 4),
      },
    ]),
  );
}

describe('tickscope export: data you can trust', () => {
  it('bar CSV sums carry no float noise: volume, quote volume and buy volume equal the exact decimal sums', async () => {
    const r = await runCli(['export', 'bars', '--symbol', 'btcusdt', '--tf', '1m', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    const cols = header!.split(',');
    const expected = exactBars([...btc, ...flat]);
    expect(rows).toHaveLength(expected.size);
    for (const row of rows) {
      const cell = Object.fromEntries(row.split(',').map((v, i) => [cols[i]!, v]));
      const want = expected.get(Number(cell.ts))!;
      expect(
        { volume: cell.volume, quote_volume: cell.quote_volume, buy_volume: cell.buy_volume, vwap: cell.vwap },
        cell.ts,
      ).toEqual(want);
      for (const c of ['open', 'high', 'low', 'close']) expect(cell[c], `${c} ${cell.ts}`).toMatch(/^\d+(\.\d)?$/);
    }
    const flatRow = rows.find((row) => row.startsWith(`${flatStart},`))!.split(',');
    expect(flatRow[cols.indexOf('vwap')]).toBe('63944');
    expect(flatRow[cols.indexOf('volume')]).toBe('1.4');
    // The float sums really are noisy, or this test would prove nothing.
    expect(String(flat.reduce((s, t) => s + t.size, 0))).not.toBe('1.4');
  });

  it('bar JSON carries the same rounded figures', async () => {
    const r = await runCli(['export', 'bars', '--symbol', 'BTCUSDT', '--tf', '1m', '--format', 'json', '--db', db]);
    expect(r.code).toBe(0);
    const bars = JSON.parse(r.stdout) as {
      ts: number;
      volume: number;
      quoteVolume: number;
      buyVolume: number;
      vwap: number;
    }[];
    const expected = exactBars([...btc, ...flat]);
    for (const b of bars) {
      const want = expected.get(b.ts)!;
      expect([String(b.volume), String(b.quoteVolume), String(b.buyVolume), String(b.vwap)]).toEqual([
        want.volume,
        want.quote_volume,
        want.buy_volume,
        want.vwap,
      ]);
    }
    expect(r.stdout).not.toMatch(/\d\.\d*(0{6,}|9{6,})\d/);
  });

  it('without ticks (bars imported, or ticks past retention) the finest bars give the precision', async () => {
    const barsOnly = join(dir, 'bars-only.db');
    const store = openStore(barsOnly);
    const minute = (i: number, volume: number) => ({
      symbol: 'ETHUSDT',
      tf: '1m' as const,
      ts: T0 + i * MINUTE,
      open: 2650.41,
      high: 2651.07,
      low: 2649.9,
      close: 2650.12,
      volume,
      quoteVolume: volume * 2650.5,
      trades: 3,
      vwap: 2650.5,
      buyVolume: volume,
    });
    const minutes = [0.1, 0.2, 0.3, 0.07].map((v, i) => minute(i, v));
    const sum = (k: 'volume' | 'quoteVolume') => minutes.reduce((a, m) => a + m[k], 0);
    store.upsertBars([
      ...minutes,
      {
        ...minute(0, sum('volume')),
        tf: '1h',
        ts: T0,
        quoteVolume: sum('quoteVolume'),
        buyVolume: sum('volume'),
        trades: 12,
      },
    ]);
    store.close();
    expect(String(sum('volume'))).not.toBe('0.67'); // noisy as stored
    const r = await runCli(['export', 'bars', '--symbol', 'ETHUSDT', '--tf', '1h', '--db', barsOnly]);
    expect(r.code).toBe(0);
    // price 2 decimals and quantity 2 decimals (from the 1m bars): quote volume at 4
    expect(r.stdout.trim().split('\n')[1]).toBe(`${T0},2650.41,2651.07,2649.9,2650.12,0.67,1775.835,12,2650.5,0.67`);
  });

  it('tick prices and sizes are printed as the exchange wrote them', async () => {
    const r = await runCli(['export', 'ticks', '--symbol', 'BTCUSDT', '--db', db]);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rows.map((c) => [c[3], c[4]])).toEqual(
      [...btc, ...flat].map((t) => [t.price.toFixed(1).replace(/\.0$/, ''), t.size.toFixed(3).replace(/\.?0+$/, '')]),
    );
  });

  it.each([
    [['export', 'ticks', '--symbol', 'XRPUSDT']],
    [['export', 'bars', '--symbol', 'xrpusdt', '--tf', '1m']],
    [['export', 'ticks', '--symbol', 'XRPUSDT', '--format', 'json']],
    [['analyze', '--y', 'XRPUSDT', '--x', 'BTCUSDT', '--tf', '1m', '--window', '10']],
    [['analyze', '--y', 'BTCUSDT', '--x', 'XRPUSDT', '--tf', '1m', '--window', '10']],
  ])('an unknown symbol is "no data for XRPUSDT", exit 1: %j', async (args) => {
    const r = await runCli([...args, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no data for XRPUSDT');
  });

  it('a known symbol with an empty range is still a header and exit 0', async () => {
    const r = await runCli(['export', 'ticks', '--symbol', 'BTCUSDT', '--from', '0', '--to', '1', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ts,symbol,trade_id,price,size,is_buyer_maker\n');
  });

  it.each([
    [['export', 'ticks', '--symbol', 'BTCUSDT']],
    [['export', 'bars', '--symbol', 'BTCUSDT', '--tf', '1m']],
    [['alerts', 'test', '--rules', join(dir, 'rules.json')]],
  ])('--from after --to is bad usage (exit 2, one line naming both): %j', async (args) => {
    writeFileSync(join(dir, 'rules.json'), '[]');
    const r = await runCli([...args, '--from', '2024-08-09T00:00:00Z', '--to', String(T0), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--from 2024-08-09T00:00:00Z is after --to');
  });
});
