import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundingRateStore } from '../../../src/engine/store/fundingRates';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { MIGRATIONS } from '../../../src/engine/store/migrations';
import { runCli } from '../../support/cliRun';
import { startFakeBinance, type FakeBinance, type FakeFundingRow } from '../../support/fakeBinance';
import { zipOneFile } from '../../support/zip';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-funding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const H8 = 8 * 3_600_000;
const AUG = Date.UTC(2024, 7, 1);
/** A month of 8-hourly rates as data.binance.vision writes them. */
const monthCsv = (n: number, header = true) =>
  [
    ...(header ? ['calc_time,funding_interval_hours,last_funding_rate'] : []),
    ...Array.from({ length: n }, (_, i) => `${AUG + i * H8},8,${(((i % 7) - 3) * 0.00005).toFixed(8)}`),
  ].join('\n') + '\n';

function stored(db: string, symbol: string) {
  const store = openStore(db);
  try {
    return fundingRateStore(store.db)!.list(symbol);
  } finally {
    store.close();
  }
}

describe('tickscope import: fundingRate files', () => {
  const db = join(dir, 'import.db');

  it('imports a zip found by its name, once, with rates read by the header', async () => {
    const zip = join(dir, 'BTCUSDT-fundingRate-2024-08.zip');
    writeFileSync(zip, zipOneFile('BTCUSDT-fundingRate-2024-08.csv', Buffer.from(monthCsv(93))));
    const first = await runCli(['import', zip, '--db', db, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.funding).toEqual([
      {
        file: zip,
        kind: 'funding',
        symbols: ['BTCUSDT'],
        rows: 93,
        newRates: 93,
        alreadyPresent: 0,
        rejected: 0,
        rejectReasons: {},
      },
    ]);
    expect(report.files).toEqual([]);
    const rates = stored(db, 'BTCUSDT');
    expect(rates).toHaveLength(93);
    expect(rates[0]).toEqual({ symbol: 'BTCUSDT', ts: AUG, rate: -0.00015, intervalHours: 8, markPrice: null });
    const again = await runCli(['import', zip, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('BTCUSDT funding: 0 new, 93 already present, 0 rejected');
    expect(stored(db, 'BTCUSDT')).toHaveLength(93);
  });

  it('finds a funding CSV by its header, and a header-less one by --kind funding; rejects are counted', async () => {
    const byHeader = join(dir, 'ETHUSDT-2024-08.csv');
    writeFileSync(byHeader, monthCsv(10) + `${AUG + 99 * H8},8,oops\n`);
    const bare = join(dir, 'SOLUSDT-2024-08.csv');
    writeFileSync(bare, monthCsv(5, false));
    const r = await runCli(['import', byHeader, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ETHUSDT funding: 10 new, 0 already present, 1 rejected');
    expect(r.stdout).toContain('rejected 1x: invalid funding rate (first at line 12)');
    const k = await runCli(['import', bare, '--kind', 'funding', '--db', db]);
    expect(k.code).toBe(0);
    expect(stored(db, 'SOLUSDT')).toHaveLength(5);
    // Funding files never add market symbols.
    const store = openStore(db);
    expect(store.listSymbols()).toEqual([]);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    store.close();
  });

  it('a file that is not a funding file under --kind funding: exit 1, one line, nothing stored', async () => {
    const wrong = join(dir, 'XRPUSDT-fundingRate-bad.csv');
    writeFileSync(wrong, 'id,price,qty\n1,2,3\n');
    const r = await runCli(['import', wrong, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('line 1: not a fundingRate header');
    expect(stored(db, 'XRPUSDT')).toEqual([]);
    expect((await runCli(['import', wrong, '--kind', 'klinez', '--db', db])).code).toBe(2);
  });
});

describe('tickscope fetch funding', () => {
  let fake: FakeBinance;
  const now = Date.now();
  // 2,500 hourly rates (three pages of 1,000) ending an hour ago, and a short history for ETH.
  const rows = (symbol: string, n: number): FakeFundingRow[] =>
    Array.from({ length: n }, (_, i) => ({
      symbol,
      fundingTime: now - (n - i) * 3_600_000,
      fundingRate: (((i % 9) - 4) * 1e-5).toFixed(8),
      markPrice: (60000 + i).toFixed(2),
    }));
  beforeAll(async () => {
    fake = await startFakeBinance({
      trades: [],
      fundingRates: { BTCUSDT: rows('BTCUSDT', 2500), ETHUSDT: rows('ETHUSDT', 30) },
      funding429Once: true,
      retryAfterSec: 0,
    });
  });
  afterAll(() => fake.close());
  const db = join(dir, 'fetch.db');
  const fundingCalls = () => fake.stats.restRequests.filter((r) => r.startsWith('/fapi/v1/fundingRate'));

  it('pages through the history, honouring a 429, and stores every rate', async () => {
    const r = await runCli([
      'fetch',
      'funding',
      '--symbols',
      'btcusdt,ethusdt',
      '--days',
      '120',
      '--rest-url',
      fake.restUrl,
      '--db',
      db,
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('rate-limited (429)');
    const out = JSON.parse(r.stdout);
    expect(
      out.symbols.map((s: { symbol: string; fetched: number; inserted: number; requests: number }) => [
        s.symbol,
        s.fetched,
        s.inserted,
        s.requests,
      ]),
    ).toEqual([
      ['BTCUSDT', 2500, 2500, 3],
      ['ETHUSDT', 30, 30, 1],
    ]);
    // The 429 was retried: 3 + 1 answered pages, one refused call before them.
    expect(fundingCalls()).toHaveLength(5);
    expect(fundingCalls()[1]).toMatch(/symbol=BTCUSDT&startTime=\d+&endTime=\d+&limit=1000/);
    const btc = stored(db, 'BTCUSDT');
    expect(btc).toHaveLength(2500);
    expect(btc[0]).toEqual({
      symbol: 'BTCUSDT',
      ts: now - 2500 * 3_600_000,
      rate: -4e-5,
      intervalHours: null,
      markPrice: 60000,
    });
  });

  it('resumes after the newest stored rate: a second run asks once per symbol and adds nothing', async () => {
    const before = fundingCalls().length;
    const r = await runCli([
      'fetch',
      'funding',
      '--symbols',
      'BTCUSDT',
      '--days',
      '120',
      '--rest-url',
      fake.restUrl,
      '--db',
      db,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^BTCUSDT: 0 funding rates from .* \(resumed\): 0 new/);
    const calls = fundingCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain(`startTime=${now - 3_600_000 + 1}`);
  });

  it.each([
    [['fetch', 'funding', '--symbols', 'NOPEUSDT', '--days', '3'], 1, /answered 400 \(unknown symbol\?\)/],
    [['fetch', 'funding', '--days', '3'], 2, /--symbols is required/],
    [['fetch', 'funding', '--symbols', 'BTCUSDT', '--days', '-1'], 2, /--days: "-1"/],
    [['fetch', 'funding', '--symbols', 'BTCUSDT'], 2, /--days is required/],
    [
      ['fetch', 'ticks', '--symbols', 'BTCUSDT', '--days', '1'],
      2,
      /say what to fetch: klines or funding \(not "ticks"\)/,
    ],
    [['fetch', 'funding', '--symbols', 'BTCUSDT', '--days', '1', '--rest-url', 'ftp://x'], 2, /--rest-url/],
  ])('%j: exit %i with one clear line', async (args, code, message) => {
    const extra = args.includes('--rest-url') ? [] : ['--rest-url', fake.restUrl];
    const r = await runCli([...args, ...extra, '--db', db]);
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
