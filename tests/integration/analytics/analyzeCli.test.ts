import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAnalytics } from '../../../src/core/analytics/index';
import { runCli } from '../../support/cliRun';
import { fillSimulatedPair, tempDb, type PairDb } from './pairDb';

let db: PairDb;
beforeAll(() => {
  db = tempDb();
  fillSimulatedPair(db.store, 1800, { seed: 21 });
});
afterAll(() => db.cleanup());

const bars = (symbol: string, tf: '1s' | '1m' = '1s') => db.store.getBars({ symbol, tf });
const base = () => ['analyze', '--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '1s', '--db', db.dbPath];

describe('tickscope analyze', () => {
  it('--json prints exactly pairAnalytics on the stored bars (latest window)', async () => {
    const r = await runCli([...base(), '--window', '300', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ref = pairAnalytics(bars('BTCUSDT'), bars('ETHUSDT'), 300, {
      tf: '1s',
      ySymbol: 'BTCUSDT',
      xSymbol: 'ETHUSDT',
    });
    expect(ref.ok).toBe(true);
    if (!ref.ok) return;
    const json = JSON.parse(r.stdout);
    expect(json).toEqual(ref.value);
    expect(Object.keys(json)).toEqual([
      'y',
      'x',
      'tf',
      'window',
      'mode',
      'hedge',
      'hedgeRatio',
      'n',
      'end',
      'stats',
      'ols',
      'spread',
      'correlation',
      'adf',
      'coint',
      'halfLife',
      'kalman',
      'robust',
    ]);
    expect(json.adf.usedlag).toBeGreaterThanOrEqual(0);
  });

  it('--to ends the window at that time (ISO or epoch ms), lowercase symbols accepted', async () => {
    const y = bars('BTCUSDT');
    const to = y[Math.floor(y.length / 2)]!.ts + 500;
    const iso = new Date(to).toISOString();
    const r = await runCli([
      'analyze',
      '--y',
      'btcusdt',
      '--x',
      'ethusdt',
      '--tf',
      '1s',
      '--window',
      '120',
      '--to',
      iso,
      '--json',
      '--db',
      db.dbPath,
    ]);
    expect(r.code).toBe(0);
    const ref = pairAnalytics(y, bars('ETHUSDT'), 120, { tf: '1s', ySymbol: 'BTCUSDT', xSymbol: 'ETHUSDT', to });
    if (!ref.ok) return expect.unreachable(ref.message);
    expect(JSON.parse(r.stdout)).toEqual(ref.value);
    expect(ref.value.end).toBeLessThanOrEqual(to);
    const byMs = await runCli([...base(), '--window', '120', '--to', String(to), '--json']);
    expect(byMs.stdout).toBe(r.stdout);
  });

  it('works on a longer timeframe too', async () => {
    const r = await runCli([
      'analyze',
      '--y',
      'BTCUSDT',
      '--x',
      'ETHUSDT',
      '--tf',
      '1m',
      '--window',
      '20',
      '--json',
      '--db',
      db.dbPath,
    ]);
    expect(r.code).toBe(0);
    const ref = pairAnalytics(bars('BTCUSDT', '1m'), bars('ETHUSDT', '1m'), 20, {
      tf: '1m',
      ySymbol: 'BTCUSDT',
      xSymbol: 'ETHUSDT',
    });
    if (!ref.ok) return expect.unreachable(ref.message);
    expect(JSON.parse(r.stdout)).toEqual(ref.value);
  });

  it('prints a readable table without --json', async () => {
    const r = await runCli([...base(), '--window', '300']);
    expect(r.code).toBe(0);
    for (const label of [
      'BTCUSDT on ETHUSDT',
      'OLS',
      'Spread',
      'Correlation',
      'ADF (spread)',
      'Cointegration',
      'Half-life',
      'Kalman',
      'Theil-Sen',
      'Huber',
    ]) {
      expect(r.stdout).toContain(label);
    }
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('fewer than W aligned points: exit 1 with one line saying how many there are', async () => {
    const n = new Set([...bars('BTCUSDT'), ...bars('ETHUSDT')].map((b) => b.ts)).size;
    const r = await runCli([...base(), '--window', '100000']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`only ${n} aligned points, window needs 100000`);
  });

  it.each([
    [['--x', 'ETHUSDT', '--tf', '1s', '--window', '300'], /--y is required/],
    [['--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '2s', '--window', '300'], /--tf: "2s" is not one of/],
    [['--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '1s', '--window', 'ten'], /--window: "ten" must be an integer/],
    [['--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '1s', '--window', '5'], /--window: "5"/],
    [['--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '1s'], /--window is required/],
    [['--y', 'BTC-USDT', '--x', 'ETHUSDT', '--tf', '1s', '--window', '300'], /--y: "BTC-USDT" is not a symbol/],
    [['--y', 'BTCUSDT', '--x', 'btcusdt', '--tf', '1s', '--window', '300'], /both BTCUSDT/],
    [['--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '1s', '--window', '300', '--to', 'yesterday'], /--to: "yesterday"/],
    [['--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '1s', '--window', '300', '--bogus'], /bogus/],
  ])('bad flags %j: exit 2 with one clear line', async (args, message) => {
    const r = await runCli(['analyze', ...args, '--db', db.dbPath]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('a missing database is a runtime failure (exit 1) naming the path', async () => {
    const r = await runCli([
      'analyze',
      '--y',
      'BTCUSDT',
      '--x',
      'ETHUSDT',
      '--tf',
      '1s',
      '--window',
      '300',
      '--db',
      '/nonexistent/t.db',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/nonexistent/t.db');
  });

  it('is listed in the help', async () => {
    const r = await runCli(['help', 'analyze']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--window W');
  });
});
