import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchKlines, KLINES_PAGE } from '../../../src/engine/fetch/fetchKlines';
import type { Timers } from '../../../src/engine/lifecycle';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store';
import { runCli } from '../../support/cliRun';
import { fakeKline, startFakeBinance, type FakeBinance, type FakeBinanceOptions } from '../../support/fakeBinance';
import { syntheticTicks } from '../../support/syntheticTrades';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-fetch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const H = 3_600_000;
const MIN = 60_000;
const DAY = 86_400_000;
// 2024-08-11T00:30:00Z: mid-interval, so the last kline the server has is still forming.
const NOW = 1_723_336_200_000;
const SYMBOLS = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT'];

async function fake(extra: Partial<FakeBinanceOptions> = {}): Promise<FakeBinance> {
  return startFakeBinance({
    trades: [],
    symbols: SYMBOLS,
    otherSymbols: [
      { symbol: 'OLDUSDT', status: 'SETTLING' },
      { symbol: 'AAAUSDT_240927', status: 'TRADING', contractType: 'CURRENT_QUARTER' },
    ],
    serverTime: NOW,
    ...extra,
  });
}

/** What the store must hold for a symbol: every closed kline of [from, now) with volume. */
function expected(symbol: string, tfMs: number, from: number) {
  const out = [];
  for (let t = from; t + tfMs <= NOW; t += tfMs) {
    const k = fakeKline(symbol, tfMs, t);
    if (k.volume > 0)
      out.push({
        ts: t,
        open: k.open,
        high: k.high,
        low: k.low,
        close: k.close,
        volume: k.volume,
        quoteVolume: k.quoteVolume,
        trades: k.count,
        vwap: k.quoteVolume / k.volume,
        buyVolume: k.takerBuyVolume,
      });
  }
  return out;
}

function bars(db: string, symbol: string, tf: '1m' | '1h') {
  const s = openStore(db, { readonly: true });
  try {
    return s.getBars({ symbol, tf }).map(({ symbol: _s, tf: _t, ...b }) => b);
  } finally {
    s.close();
  }
}

const klinesRequests = (f: FakeBinance) => f.stats.restRequests.filter((r) => r.startsWith('/fapi/v1/klines'));
const startTimes = (f: FakeBinance) =>
  klinesRequests(f).map((r) => Number(new URL(r, 'http://x').searchParams.get('startTime')));

/** Timers that fire at once and remember how long each sleep was asked to be. */
function instantTimers(): Timers & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    setTimeout: (fn, ms) => {
      slept.push(ms);
      return setImmediate(fn);
    },
    clearTimeout: (h) => clearImmediate(h as NodeJS.Immediate),
  };
}

describe('tickscope fetch klines', () => {
  it('fills the database with every closed kline of every TRADING perpetual (all), never the forming one', async () => {
    const f = await fake();
    try {
      const db = join(dir, 'all.db');
      const r = await runCli([
        'fetch',
        'klines',
        '--symbols',
        'all',
        '--tf',
        '1h',
        '--days',
        '3',
        '--rest-url',
        f.restUrl,
        '--db',
        db,
        '--json',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const rep = JSON.parse(r.stdout);
      const from = Math.floor((NOW - 3 * DAY) / H) * H;
      expect([rep.tf, rep.from, rep.to, rep.complete]).toEqual(['1h', from, NOW, true]);
      expect(rep.symbols.map((s: { symbol: string }) => s.symbol)).toEqual(SYMBOLS);
      for (const symbol of SYMBOLS) {
        const want = expected(symbol, H, from);
        expect(bars(db, symbol, '1h')).toEqual(want);
        const s = rep.symbols.find((x: { symbol: string }) => x.symbol === symbol);
        expect([s.newBars, s.zeroVolume, s.requests, s.from]).toEqual([want.length, 72 - want.length, 1, from]);
      }
      expect(bars(db, 'OLDUSDT', '1h')).toEqual([]);
    } finally {
      await f.close();
    }
  });

  it('pages 1,500 klines at a time from the last open time, and resumes after the newest stored kline', async () => {
    const f = await fake();
    const db = join(dir, 'pages.db');
    const from = Math.floor((NOW - 2 * DAY) / MIN) * MIN;
    try {
      const r = await runCli([
        'fetch',
        'klines',
        '--symbols',
        'aaausdt',
        '--tf',
        '1m',
        '--days',
        '2',
        '--rest-url',
        f.restUrl,
        '--db',
        db,
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^AAAUSDT 1m: \d+ new bars, 0 updated, 0 kept as built from trades, \d+ without volume skipped, 0 rejected \(2 requests from /,
      );
      expect(startTimes(f)).toEqual([from, from + KLINES_PAGE * MIN]);
      expect(bars(db, 'AAAUSDT', '1m')).toEqual(expected('AAAUSDT', MIN, from));
    } finally {
      await f.close();
    }
    // An hour later: only what is new is asked for (after the newest stored kline).
    const later = await startFakeBinance({ trades: [], symbols: SYMBOLS, serverTime: NOW + H });
    try {
      const stored = bars(db, 'AAAUSDT', '1m');
      const r = await runCli([
        'fetch',
        'klines',
        '--symbols',
        'AAAUSDT',
        '--tf',
        '1m',
        '--days',
        '2',
        '--rest-url',
        later.restUrl,
        '--db',
        db,
        '--json',
      ]);
      expect(r.code).toBe(0);
      expect(startTimes(later)).toEqual([stored.at(-1)!.ts + MIN]);
      const all = bars(db, 'AAAUSDT', '1m');
      expect(all.slice(0, stored.length)).toEqual(stored);
      expect(all.at(-1)!.ts).toBeLessThan(NOW + H);
      expect(all.length - stored.length).toBe(JSON.parse(r.stdout).newBars);
    } finally {
      await later.close();
    }
  });

  it('keeps bars built from trades (trades win)', async () => {
    const f = await fake();
    try {
      const db = join(dir, 'trades.db');
      const store = openStore(db);
      const ticks = syntheticTicks({
        symbol: 'BBBUSDT',
        count: 500,
        seed: 3,
        startMs: NOW - 10 * MIN,
        meanGapMs: 500,
        startPrice: 50,
      });
      const ing = createIngestor({
        store,
        timeframes: ['1m'],
        timers: { setTimeout: () => 0, clearTimeout: () => undefined },
      });
      ing.push(ticks);
      ing.close();
      const tradeBars = store.getBars({ symbol: 'BBBUSDT', tf: '1m' }).map(({ symbol: _s, tf: _t, ...b }) => b);
      store.close();
      const r = await runCli([
        'fetch',
        'klines',
        '--symbols',
        'BBBUSDT',
        '--tf',
        '1m',
        '--days',
        '0.05',
        '--rest-url',
        f.restUrl,
        '--db',
        db,
        '--json',
      ]);
      expect(r.code).toBe(0);
      const tradeTs = new Set(tradeBars.map((b) => b.ts));
      const all = bars(db, 'BBBUSDT', '1m');
      expect(all.filter((b) => tradeTs.has(b.ts))).toEqual(tradeBars);
      const closedTradeMinutes = expected('BBBUSDT', MIN, Math.floor((NOW - 0.05 * DAY) / MIN) * MIN).filter((b) =>
        tradeTs.has(b.ts),
      ).length;
      expect(JSON.parse(r.stdout).symbols[0].tradeBarsKept).toBe(closedTradeMinutes);
    } finally {
      await f.close();
    }
  });

  it('waits out 429 and 418 as Retry-After says, and pauses near the weight limit', async () => {
    for (const [flag, type] of [
      ['klines429Once', 'rate-limited'],
      ['klines418Once', 'banned'],
    ] as const) {
      const f = await fake({ [flag]: true, retryAfterSec: 7 });
      const timers = instantTimers();
      const events: string[] = [];
      const store = openStore(':memory:');
      try {
        const rep = await fetchKlines({
          store,
          symbols: ['CCCUSDT'],
          tf: '1h',
          days: 1,
          restUrl: f.restUrl,
          timers,
          onRest: (e) => events.push(`${e.type} ${e.waitMs}`),
        });
        expect(events).toEqual([`${type} 7000`]);
        expect(timers.slept).toContain(7000);
        expect([rep.complete, rep.rateLimitWaits, rep.rateLimitWaitMs]).toEqual([true, 1, 7000]);
        expect(klinesRequests(f)).toHaveLength(2);
        expect(store.getBars({ symbol: 'CCCUSDT', tf: '1h' }).length).toBe(
          expected('CCCUSDT', H, Math.floor((NOW - DAY) / H) * H).length,
        );
      } finally {
        store.close();
        await f.close();
      }
    }
    // Used weight at 1,995 of a 2,000 soft limit: after the first page the next request
    // waits for the next minute of the exchange's clock.
    const f = await fake({ weightStart: 1995 });
    const timers = instantTimers();
    const store = openStore(':memory:');
    try {
      const minuteIn = 20_000;
      const events: { type: string; waitMs: number }[] = [];
      const rep = await fetchKlines({
        store,
        symbols: ['AAAUSDT', 'BBBUSDT'],
        tf: '1h',
        days: 1,
        restUrl: f.restUrl,
        timers,
        now: () => NOW + minuteIn,
        onRest: (e) => events.push(e),
      });
      expect(rep.complete).toBe(true);
      expect(events.filter((e) => e.type === 'weight-pause').map((e) => e.waitMs)).toEqual([60_000 - minuteIn + 50]);
    } finally {
      store.close();
      await f.close();
    }
  });

  it('resumes after a failure or a cancel without refetching what is stored', async () => {
    const db = join(dir, 'resume.db');
    const from = Math.floor((NOW - 3 * DAY) / MIN) * MIN;
    const failing = await fake({ klinesFailAfter: 1 });
    const store = openStore(db);
    try {
      await expect(
        fetchKlines({ store, symbols: ['AAAUSDT'], tf: '1m', days: 3, restUrl: failing.restUrl, retryBaseMs: 1 }),
      ).rejects.toThrow(/^klines of AAAUSDT: GET .* answered 500; \d+ new bars stored before it, run again to resume$/);
      expect(store.getBars({ symbol: 'AAAUSDT', tf: '1m' }).at(-1)!.ts).toBeLessThan(from + KLINES_PAGE * MIN);
    } finally {
      await failing.close();
    }
    const f = await fake();
    try {
      const ctl = new AbortController();
      const rep = await fetchKlines({
        store,
        symbols: ['AAAUSDT'],
        tf: '1m',
        days: 3,
        restUrl: f.restUrl,
        signal: ctl.signal,
        onProgress: () => ctl.abort(),
      });
      expect(rep.complete).toBe(false);
      expect(startTimes(f)).toHaveLength(1);
      const done = await fetchKlines({ store, symbols: ['AAAUSDT'], tf: '1m', days: 3, restUrl: f.restUrl });
      expect(done.complete).toBe(true);
      const starts = startTimes(f);
      for (let i = 1; i < starts.length; i++) expect(starts[i]!).toBeGreaterThan(starts[i - 1]!);
      expect(store.getBars({ symbol: 'AAAUSDT', tf: '1m' }).map(({ symbol: _s, tf: _t, ...b }) => b)).toEqual(
        expected('AAAUSDT', MIN, from),
      );
    } finally {
      store.close();
      await f.close();
    }
  });

  it('refuses unknown symbols before fetching anything, and bad flags with status 2', async () => {
    const f = await fake();
    try {
      const db = join(dir, 'bad.db');
      const r = await runCli([
        'fetch',
        'klines',
        '--symbols',
        'AAAUSDT,NOPEUSDT,OLDUSDT',
        '--tf',
        '1h',
        '--days',
        '1',
        '--rest-url',
        f.restUrl,
        '--db',
        db,
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('tickscope fetch: not a trading USD-M futures symbol: NOPEUSDT, OLDUSDT\n');
      expect(klinesRequests(f)).toEqual([]);
      expect(bars(db, 'AAAUSDT', '1h')).toEqual([]);
      // Nothing listens on port 1: two tries, then one line.
      const down = await runCli([
        'fetch',
        'klines',
        '--symbols',
        'all',
        '--tf',
        '1h',
        '--days',
        '1',
        '--rest-url',
        'http://127.0.0.1:1',
        '--db',
        db,
      ]);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(
        /^tickscope fetch: exchangeInfo: GET http:\/\/127\.0\.0\.1:1\/fapi\/v1\/exchangeInfo failed: .+\n$/,
      );
      const usage: [string[], RegExp][] = [
        [['klines', '--tf', '1h', '--days', '1'], /--symbols is required/],
        [['klines', '--symbols', 'all', '--tf', '1s', '--days', '1'], /--tf: "1s" is not one of 1m 5m 15m 1h 4h 1d/],
        [['klines', '--symbols', 'all', '--tf', '1h'], /--days is required/],
        [['klines', '--symbols', 'all', '--tf', '1h', '--days', '0'], /--days: "0" must be a number of days/],
        [
          ['klines', '--symbols', 'all', '--tf', '1h', '--days', '1', '--rest-url', 'ftp://x'],
          /--rest-url: "ftp:\/\/x" is not an http or https URL/,
        ],
        [['trades'], /say what to fetch: klines or funding \(not "trades"\)/],
      ];
      for (const [args, err] of usage) {
        const u = await runCli(['fetch', ...args, '--db', db]);
        expect(u.code, args.join(' ')).toBe(2);
        expect(u.stderr).toMatch(err);
      }
    } finally {
      await f.close();
    }
  });

  it('fetched klines can be scanned', async () => {
    const f = await fake();
    try {
      const db = join(dir, 'scan.db');
      expect(
        (
          await runCli([
            'fetch',
            'klines',
            '--symbols',
            'all',
            '--tf',
            '1h',
            '--days',
            '20',
            '--rest-url',
            f.restUrl,
            '--db',
            db,
          ])
        ).code,
      ).toBe(0);
      const r = await runCli(['scan', '--tf', '1h', '--bars', '480', '--min-points', '300', '--json', '--db', db]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.universe).toEqual(SYMBOLS);
      expect(doc.tested).toBe(3);
    } finally {
      await f.close();
    }
  });
});
