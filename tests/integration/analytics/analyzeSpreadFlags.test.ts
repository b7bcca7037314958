import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAnalytics } from '../../../src/core/analytics/index';
import { runCli } from '../../support/cliRun';
import { fillSimulatedPair, tempDb, type PairDb } from './pairDb';

let db: PairDb;
beforeAll(() => {
  db = tempDb();
  fillSimulatedPair(db.store, 900, { seed: 5 });
});
afterAll(() => db.cleanup());

const bars = (symbol: string) => db.store.getBars({ symbol, tf: '1s' });
const base = () => ['analyze', '--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '1s', '--window', '300', '--db', db.dbPath];

describe('tickscope analyze --mode --hedge (../shared/specs/cli.md)', () => {
  it.each([
    ['raw', 'kalman'],
    ['log', 'ols'],
    ['log', 'theil-sen'],
    ['ratio', 'ols'],
  ] as const)('--mode %s --hedge %s prints pairAnalytics under that definition, naming it', async (mode, hedge) => {
    const r = await runCli([...base(), '--mode', mode, '--hedge', hedge, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ref = pairAnalytics(bars('BTCUSDT'), bars('ETHUSDT'), 300, {
      tf: '1s',
      ySymbol: 'BTCUSDT',
      xSymbol: 'ETHUSDT',
      mode,
      hedge,
    });
    if (!ref.ok) throw new Error(ref.message);
    const json = JSON.parse(r.stdout);
    expect(json).toEqual(ref.value);
    expect([json.mode, json.hedge]).toEqual([mode, hedge]);
  });

  it('defaults to raw OLS and says so, in JSON and in the table', async () => {
    const j = await runCli([...base(), '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ mode: 'raw', hedge: 'ols' });
    const t = await runCli([...base(), '--mode', 'log', '--hedge', 'kalman']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('spread log mode, kalman hedge');
    expect(t.stdout).toMatch(/^Hedge\s+kalman {2}alpha /m);
  });

  it.each([
    [['--mode', 'spread'], '--mode: "spread" is not one of raw, log, ratio'],
    [['--hedge', 'huber'], '--hedge: "huber" is not one of ols, kalman, theil-sen'],
    [['--mode', 'ratio', '--hedge', 'kalman'], '--hedge kalman does not apply to --mode ratio'],
  ])('bad usage %j exits 2 with one line naming the flag', async (flags, message) => {
    const r = await runCli([...base(), ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('`help analyze` documents both flags and their values', async () => {
    const r = await runCli(['help', 'analyze']);
    expect(r.code).toBe(0);
    for (const s of ['--mode M', '--hedge H', 'raw', 'log', 'ratio', 'ols', 'kalman', 'theil-sen'])
      expect(r.stdout).toContain(s);
  });
});
