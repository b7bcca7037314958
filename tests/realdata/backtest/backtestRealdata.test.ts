import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestPair, type BacktestParams, type Summary, type Trade } from '../../../src/core/backtest/index';
import { runCli } from '../../support/cliRun';
import { barsFromTradesCsv, haveRecordings, recordingsDir } from '../../support/realdataBars';
import { expectClose } from '../../unit/core/analytics/fixtures';

interface RealCase {
  name: string;
  params: BacktestParams;
  expected: { points: number; skippedNegativeBeta: number; trades: Trade[]; summary: Summary };
}
interface RealPeriod {
  period: string;
  files: { y: string; x: string };
  points: number;
  cases: RealCase[];
}

const dir = recordingsDir();
const present = haveRecordings(dir);
if (!present)
  console.warn(`backtest real-data suite skipped: no recordings at ${join(dir, 'binance-um')}; set TICKSCOPE_DATA_DIR`);
const fx = JSON.parse(
  readFileSync(new URL('../../fixtures/backtest/realdata-expected.json', import.meta.url), 'utf8'),
) as { periods: RealPeriod[] };
const tmp = mkdtempSync(join(tmpdir(), 'tickscope-backtest-real-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EXACT: (keyof Trade)[] = ['entryTs', 'exitTs', 'side', 'reason', 'barsHeld'];
const MONEY: (keyof Trade)[] = [
  'betaE',
  'qY',
  'qX',
  'entryY',
  'entryX',
  'exitY',
  'exitX',
  'gross',
  'fees',
  'funding',
  'net',
];

function expectRun(trades: Trade[], summary: Summary, e: RealCase, label: string): void {
  expect(
    trades.map((t) => EXACT.map((k) => t[k])),
    `${label} trades`,
  ).toEqual(e.expected.trades.map((t) => EXACT.map((k) => t[k])));
  trades.forEach((t, i) =>
    MONEY.forEach((k) =>
      expectClose(t[k] as number, e.expected.trades[i]![k] as number, `${label} trade ${i} ${k}`, 1e-6, 1e-8),
    ),
  );
  for (const k of Object.keys(e.expected.summary) as (keyof Summary)[])
    expectClose(summary[k], e.expected.summary[k], `${label} summary.${k}`, 1e-6, 1e-8);
}

// The recorded Binance trades, backtested (a) from bars built straight from the CSVs and
// (b) end to end: `tickscope import` then `tickscope backtest --json`; both against the
// pandas reference (scripts/fixtures/backtest_fixtures.py) on the same trades.
describe.skipIf(!present)('backtest on the Binance recordings (vs the pandas reference)', () => {
  describe.each(fx.periods.map((p) => [p.period, p] as const))('%s', (_period, p) => {
    const db = join(tmp, `${p.period}.db`);
    beforeAll(async () => {
      const r = await runCli([
        'import',
        join(dir, 'binance-um', p.files.y),
        join(dir, 'binance-um', p.files.x),
        '--db',
        db,
        '--json',
      ]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).rejected).toBe(0);
    });

    it.each(p.cases.map((c) => [c.name, c] as const))('%s: from the CSV bars', (_name, c) => {
      const y = barsFromTradesCsv(join(dir, 'binance-um', p.files.y), 'BTCUSDT');
      const x = barsFromTradesCsv(join(dir, 'binance-um', p.files.x), 'ETHUSDT');
      const r = backtestPair(y, x, 1000, c.params);
      expect(r.ts).toHaveLength(c.expected.points);
      expect(r.trades.length).toBeGreaterThan(0);
      expectRun(r.trades, r.summary, c, `${p.period} ${c.name}`);
    });

    it.each(p.cases.map((c) => [c.name, c] as const))(
      '%s: tickscope backtest on the imported database',
      async (_name, c) => {
        const args = [
          'backtest',
          '--y',
          'BTCUSDT',
          '--x',
          'ETHUSDT',
          '--tf',
          '1s',
          '--window',
          String(c.params.window),
          '--mode',
          c.params.mode,
        ];
        args.push(
          '--entry',
          String(c.params.entry),
          '--exit',
          String(c.params.exit),
          '--funding',
          'none',
          '--json',
          '--db',
          db,
        );
        if (c.params.stop !== null) args.push('--stop', String(c.params.stop));
        if (c.params.maxHold !== null) args.push('--max-hold', String(c.params.maxHold));
        const r = await runCli(args);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const out = JSON.parse(r.stdout);
        expect(out.params.points).toBe(c.expected.points);
        expectRun(out.trades, out.summary, c, `${p.period} ${c.name} (cli)`);
      },
    );
  });
});
