import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignPair, pairAnalytics } from '../../../src/core/analytics';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store/sqliteStore';
import type { Tick } from '../../../src/shared/market';
import { barsFromTradesCsv, haveRecordings, recordingsDir, type CsvBar } from '../../support/realdataBars';
import { runCli } from '../../support/cliRun';
import { crossTimes } from '../../support/crossings';

const dir = recordingsDir();
const present = haveRecordings(dir);
if (!present) console.warn(`real-data alerts suite skipped: no recordings at ${dir}; set TICKSCOPE_DATA_DIR`);

const PERIODS = ['20240718T2357-20240719T0005', '20240808T2354-20240809T0000'];
const csv = (sym: string, period: string) => join(dir, 'binance-um', `${sym}-um-${period}-trades.csv`);

function ticksFromCsv(path: string, symbol: string): Tick[] {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const at = (name: string) => cols.indexOf(name);
  return rows.map((line) => {
    const f = line.split(',');
    return {
      symbol,
      tradeId: Number(f[at('id')]),
      ts: Number(f[at('time')]),
      price: Number(f[at('price')]),
      size: Number(f[at('qty')]),
      isBuyerMaker: f[at('is_buyer_maker')]!.toLowerCase() === 'true',
    };
  });
}

/** A level between closes (never equal to one) near the middle of the range. */
function midLevel(bars: readonly CsvBar[]): number {
  const closes = [...new Set(bars.map((b) => b.close))].sort((a, b) => a - b);
  const i = Math.floor(closes.length / 2);
  return (closes[i]! + closes[i + 1]!) / 2;
}

describe.skipIf(!present)('alerts test replays the Binance recordings (expectations computed independently)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'tickscope-alerts-real-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  for (const period of PERIODS) {
    it(`period ${period}: price, %-change, z-score and stale rules`, async () => {
      const dbPath = join(tmp, `${period}.db`);
      const store = openStore(dbPath);
      const ing = createIngestor({
        store,
        timeframes: ['1s'],
        maxBatch: 50_000,
        setTimer: () => 0,
        clearTimer: () => undefined,
      });
      const btcTicks = ticksFromCsv(csv('BTCUSDT', period), 'BTCUSDT');
      ing.push(btcTicks);
      ing.push(ticksFromCsv(csv('ETHUSDT', period), 'ETHUSDT'));
      ing.close();
      store.close();

      // Bars from the CSV by the test's own builder, not the app's.
      const btc = barsFromTradesCsv(csv('BTCUSDT', period), 'BTCUSDT');
      const eth = barsFromTradesCsv(csv('ETHUSDT', period), 'ETHUSDT');
      const level = midLevel(btc);
      const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 60 } as const;
      const changeLevel = 0.03; // percent over 10 s
      // Stale limit: half the longest pause between BTC trades (0.1 s steps), so it trips.
      const btcTimes = btcTicks.map((t) => t.ts).sort((a, b) => a - b);
      let longest = 0;
      for (let i = 1; i < btcTimes.length; i++) longest = Math.max(longest, btcTimes[i]! - btcTimes[i - 1]!);
      const staleS = Math.floor(longest / 200) / 10;
      const rules = [
        { id: 'px', name: 'BTC crosses mid', kind: 'price', symbol: 'BTCUSDT', tf: '1s', op: 'crosses', level },
        {
          id: 'chg',
          name: 'BTC +0.03% in 10 s',
          kind: 'change',
          symbol: 'BTCUSDT',
          tf: '1s',
          lookback: 10,
          op: 'above',
          level: changeLevel,
        },
        { id: 'z', name: 'z crosses ±1.5', kind: 'zscore', pair, op: 'crosses', k: 1.5 },
        { id: 'st', name: 'BTC quiet', kind: 'stale', symbol: 'BTCUSDT', seconds: staleS },
      ];
      const rulesPath = join(tmp, `${period}.rules.json`);
      writeFileSync(rulesPath, JSON.stringify({ rules }));

      const r = await runCli(['alerts', 'test', '--rules', rulesPath, '--db', dbPath]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { ruleId: string; ts: number; value: number });
      const times = (id: string) => lines.filter((l) => l.ruleId === id).map((l) => l.ts);

      const expectedPx = crossTimes(
        btc.map((b) => ({ ts: b.ts, v: b.close })),
        level,
      );
      expect(expectedPx.length).toBeGreaterThan(0);
      expect(times('px')).toEqual(expectedPx);

      // %-change: close vs the close in force 10 s earlier; "above" fires at the start of each excursion.
      const expectedChg: number[] = [];
      let armed = true;
      let j = 0;
      for (let i = 0; i < btc.length; i++) {
        const refTs = btc[i]!.ts - 10_000;
        while (j + 1 < btc.length && btc[j + 1]!.ts <= refTs) j++;
        if (btc[j]!.ts > refTs) continue;
        const pct = (btc[i]!.close / btc[j]!.close - 1) * 100;
        if (pct > changeLevel && armed) {
          expectedChg.push(btc[i]!.ts);
          armed = false;
        } else if (pct <= changeLevel) armed = true;
      }
      expect(expectedChg.length).toBeGreaterThan(0);
      expect(times('chg')).toEqual(expectedChg);

      const zs: { ts: number; v: number }[] = [];
      for (const ts of alignPair(btc, eth).ts) {
        const a = pairAnalytics(btc, eth, pair.window, { to: ts });
        if (a.ok && a.value.spread) zs.push({ ts, v: a.value.spread.z });
      }
      const expectedZ = [...new Set([...crossTimes(zs, 1.5), ...crossTimes(zs, -1.5)])].sort((a, b) => a - b);
      expect(expectedZ.length).toBeGreaterThan(0);
      expect(times('z')).toEqual(expectedZ);

      const limitMs = staleS * 1000;
      const expectedStale: number[] = [];
      for (let i = 1; i < btcTimes.length; i++)
        if (btcTimes[i]! - btcTimes[i - 1]! > limitMs) expectedStale.push(btcTimes[i - 1]! + limitMs);
      expect(expectedStale.length).toBeGreaterThan(0);
      expect(times('st')).toEqual(expectedStale);
    });
  }
});
