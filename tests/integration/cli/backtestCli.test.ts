import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alignBacktestBars,
  backtestPair,
  bestRow,
  expandGrid,
  runGrid,
  type BacktestParams,
} from '../../../src/core/backtest/index';
import { DEFAULT_PARAMS } from '../../../src/core/backtest/index';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { runCli } from '../../support/cliRun';
import { seedBars } from '../../support/seedBars';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-backtest-cli-'));
const db = join(dir, 'bt.db');
const START = 1_723_161_600_000;
const SECONDS = 3600;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => seedBars(db, { count: SECONDS, endMs: START + SECONDS * 1000 }));

const legs = () => {
  const store = openStore(db, { readonly: true });
  try {
    return { y: store.getBars({ symbol: 'BTCUSDT', tf: '1s' }), x: store.getBars({ symbol: 'ETHUSDT', tf: '1s' }) };
  } finally {
    store.close();
  }
};
const base = ['backtest', '--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '1s', '--db', db];
const params = (over: Partial<BacktestParams>): BacktestParams => ({ ...DEFAULT_PARAMS, window: 300, ...over });
const SPEC_TRADE_FIELDS = [
  'entryTs',
  'exitTs',
  'side',
  'reason',
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
  'barsHeld',
];

describe('tickscope backtest', () => {
  it('--json is the spec backtest of the stored bars: { params, summary, trades, equity }', async () => {
    const r = await runCli([
      ...base,
      '--window',
      '300',
      '--entry',
      '1.8',
      '--exit',
      '-0.2',
      '--stop',
      '3',
      '--max-hold',
      '400',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const { y, x } = legs();
    const ref = backtestPair(y, x, 1000, params({ entry: 1.8, exit: -0.2, stop: 3, maxHold: 400 }));
    expect(Object.keys(out)).toEqual(['params', 'summary', 'trades', 'equity', 'notes']);
    expect(out.params).toEqual({
      y: 'BTCUSDT',
      x: 'ETHUSDT',
      tf: '1s',
      from: START,
      to: START + SECONDS * 1000,
      points: ref.ts.length,
      window: 300,
      mode: 'raw',
      entry: 1.8,
      exit: -0.2,
      stop: 3,
      maxHold: 400,
      notional: 10000,
      feeBps: 5,
      slippageBps: 1,
      funding: 'auto',
    });
    expect(out.summary).toEqual(ref.summary);
    expect(out.trades).toEqual(ref.trades);
    expect(out.trades.length).toBeGreaterThan(5);
    expect(Object.keys(out.trades[0])).toEqual(SPEC_TRADE_FIELDS);
    expect(out.equity).toEqual(ref.ts.map((t, i) => [t, ref.equity[i]]));
    // No funding stored: said, not silently zero.
    expect(out.notes).toEqual([
      expect.stringMatching(/^no BTCUSDT funding rates stored for .*: its funding is not counted/),
      expect.stringMatching(/^no ETHUSDT funding rates stored/),
    ]);
  });

  it('uses stored funding rates when present (--funding auto), none with --funding none', async () => {
    const h = 600_000;
    const csv = (sign: number) =>
      [
        'calc_time,funding_interval_hours,last_funding_rate',
        ...Array.from({ length: 7 }, (_, i) => `${START + i * h},8,${(sign * 0.0001 * (i + 1)).toFixed(8)}`),
      ].join('\n');
    writeFileSync(join(dir, 'BTCUSDT-fundingRate-2024-08.csv'), csv(1));
    writeFileSync(join(dir, 'ETHUSDT-fundingRate-2024-08.csv'), csv(-1));
    const imp = await runCli([
      'import',
      join(dir, 'BTCUSDT-fundingRate-2024-08.csv'),
      join(dir, 'ETHUSDT-fundingRate-2024-08.csv'),
      '--db',
      db,
    ]);
    expect(imp.code).toBe(0);
    const auto = JSON.parse((await runCli([...base, '--window', '300', '--json'])).stdout);
    const none = JSON.parse((await runCli([...base, '--window', '300', '--funding', 'none', '--json'])).stdout);
    const { y, x } = legs();
    const events = (sign: number) =>
      Array.from({ length: 7 }, (_, i) => ({ ts: START + i * h, rate: Number((sign * 0.0001 * (i + 1)).toFixed(8)) }));
    const ref = backtestPair(y, x, 1000, params({}), { y: events(1), x: events(-1) });
    expect(auto.summary).toEqual(ref.summary);
    expect(auto.summary.funding).not.toBe(0);
    expect(auto.notes).toEqual([]);
    expect(none.summary.funding).toBe(0);
    expect(none.params.funding).toBe('none');
    expect(none.trades.map((t: { entryTs: number }) => t.entryTs)).toEqual(
      auto.trades.map((t: { entryTs: number }) => t.entryTs),
    );
  });

  it('--trades and --equity write the run as CSV with the spec field names', async () => {
    const trades = join(dir, 'trades.csv');
    const equity = join(dir, 'equity.csv');
    const r = await runCli([
      ...base,
      '--window',
      '300',
      '--mode',
      'log',
      '--trades',
      trades,
      '--equity',
      equity,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const rows = readFileSync(trades, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe(SPEC_TRADE_FIELDS.join(','));
    expect(rows.slice(1).map((l) => l.split(','))).toEqual(
      out.trades.map((t: Record<string, unknown>) => SPEC_TRADE_FIELDS.map((k) => String(t[k]))),
    );
    const eq = readFileSync(equity, 'utf8').trimEnd().split('\n');
    expect(eq[0]).toBe('ts,equity,position');
    expect(eq.slice(1).map((l) => l.split(',').slice(0, 2).map(Number))).toEqual(out.equity);
  });

  it('prints a readable report without --json, and notes on stderr', async () => {
    const r = await runCli([...base, '--window', '300', '--funding', 'none']);
    expect(r.code).toBe(0);
    for (const label of [
      'BTCUSDT on ETHUSDT',
      'window 300',
      'trades',
      'net PnL',
      'drawdown',
      'Sharpe',
      'entry',
      'exit',
    ])
      expect(r.stdout).toContain(label);
    expect(r.stdout).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('a grid runs every combination: one summary row each, the best by Sharpe after costs', async () => {
    const r = await runCli([...base, '--entry', '1.5,2,2.5', '--window', '300,900', '--funding', 'none', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const { y, x } = legs();
    const sets = expandGrid(params({}), { window: [300, 900], entry: [1.5, 2, 2.5], exit: [0], stop: [null] });
    const rows = runGrid(alignBacktestBars(y, x, 1000), sets, null);
    expect(out.rows).toHaveLength(6);
    expect(out.rows).toEqual(
      rows.map((row) => ({
        params: { window: row.params.window, entry: row.params.entry, exit: 0, stop: null },
        summary: row.summary,
      })),
    );
    expect(out.best.summary).toEqual(bestRow(rows)!.summary);
    expect(out.params.entry).toEqual([1.5, 2, 2.5]);
    const text = await runCli([...base, '--entry', '1.5,2,2.5', '--window', '300,900']);
    expect(text.stdout).toContain('6 combinations');
    expect(text.stdout.split('\n').filter((l) => l.startsWith('*'))).toHaveLength(1);
  });

  it('--split 0.7 judges the grid on the first 70% and runs the best unchanged on the rest, reproducibly', async () => {
    const r = await runCli([...base, '--entry', '1.5,2,2.5', '--window', '300,600', '--split', '0.7', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const splitTs = Math.floor(START + 0.7 * SECONDS * 1000);
    expect(out.split).toEqual({ fraction: 0.7, splitTs });
    expect(out.inSample.rows).toHaveLength(6);
    expect(out.inSample.to).toBe(splitTs);
    expect(out.warning).toMatch(/overstate/);
    const best = out.inSample.best.params;
    // The out-of-sample side is exactly a plain backtest from the split on.
    const plain = JSON.parse(
      (
        await runCli([
          ...base,
          '--window',
          String(best.window),
          '--entry',
          String(best.entry),
          '--from',
          String(splitTs),
          '--json',
        ])
      ).stdout,
    );
    expect(out.outOfSample.summary).toEqual(plain.summary);
    expect(out.outOfSample.trades).toEqual(plain.trades);
    const text = await runCli([...base, '--entry', '1.5,2,2.5', '--window', '300,600', '--split', '0.7']);
    expect(text.stdout).toMatch(/in-sample\s+out-of-sample/);
    expect(text.stdout).toContain('they overstate what to expect');
  });

  it.each([
    [['--y', 'DOGEUSDT', '--window', '300'], 1, /unknown symbol DOGEUSDT/],
    [['--window', '300', '--from', '2030-01-01T00:00:00Z'], 1, /no BTCUSDT 1s bars in \[2030-01-01T00:00:00.000Z/],
    [
      ['--window', '5000'],
      1,
      new RegExp(`only ${SECONDS} aligned 1s points in the database; --window 5000 needs more than 5000`),
    ],
    [
      ['--window', '300', '--from', String(START), '--to', String(START + 200_000)],
      1,
      /only 200 aligned 1s points in \[/,
    ],
    [['--window', '300', '--split', '0.05'], 1, /--split 0.05: 180 points before/],
    [['--window', '300', '--fee-bps', '-1'], 2, /--fee-bps: "-1" is not a fee of 0 bps or more/],
    [['--window', '300', '--slippage-bps', '-0.5'], 2, /--slippage-bps: "-0.5"/],
    [['--window', '300', '--entry', '1', '--exit', '1'], 2, /entry \(1\) must be greater than exit \(1\)/],
    [
      ['--window', '300', '--entry', '1.5,2', '--exit', '0,1.5'],
      2,
      /--entry 1.5 --exit 1.5: entry \(1.5\) must be greater than exit/,
    ],
    [['--window', '300', '--stop', '1.5'], 2, /stop \(1.5\) must be greater than entry \(2\)/],
    [['--window', '300', '--entry', '-2'], 2, /--entry: "-2" is not a positive z/],
    [['--window', '300', '--max-hold', '2.5'], 2, /--max-hold: "2.5"/],
    [['--window', '300', '--notional', '0'], 2, /--notional: "0"/],
    [['--window', '300', '--mode', 'ratio'], 2, /--mode: "ratio" is not raw or log/],
    [['--window', '300', '--funding', 'maybe'], 2, /--funding: "maybe"/],
    [['--window', '300', '--split', '1.2'], 2, /--split: "1.2"/],
    [['--window', '300', '--notional', '1,2'], 2, /--notional takes one value/],
    [['--window', 'abc'], 2, /--window: "abc"/],
    [[], 2, /--window is required/],
    [['--window', '300', '--to', '1', '--from', '2'], 2, /--to \(1\) must be after --from/],
  ])('bad input %j: exit %i with one clear line', async (args, code, message) => {
    const r = await runCli([...base, ...args]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('no database: exit 1 naming it', async () => {
    const r = await runCli([
      'backtest',
      '--y',
      'BTCUSDT',
      '--x',
      'ETHUSDT',
      '--tf',
      '1s',
      '--window',
      '300',
      '--db',
      join(dir, 'nope.db'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no database at');
  });

  it('is listed in tickscope help with its flags', async () => {
    expect((await runCli(['help'])).stdout).toMatch(/backtest\s+Backtest a pair/);
    const h = await runCli(['help', 'backtest']);
    for (const flag of [
      '--y',
      '--x',
      '--tf',
      '--window',
      '--from',
      '--to',
      '--mode',
      '--entry',
      '--exit',
      '--stop',
      '--max-hold',
      '--notional',
      '--fee-bps',
      '--slippage-bps',
      '--funding',
      '--split',
      '--json',
      '--trades',
      '--equity',
    ]) {
      expect(h.stdout).toContain(flag);
    }
  });
});
