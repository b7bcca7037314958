import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { startApiServer, type ApiServer } from '../../../src/engine/serve/apiServer';
import { createWsApi, type WsApi } from '../../../src/renderer/api/wsApi';
import type { BacktestFinish, BacktestProgress, BacktestRunDraft } from '../../../src/shared/contract';
import { runCli } from '../../support/cliRun';
import { seedBars } from '../../support/seedBars';

// The dashboard's backtest, end to end over the WebSocket transport `tickscope serve` uses:
// request → engine → worker thread → pushes, against `tickscope backtest --json` on the same
// seeded database. Nothing here waits on a clock: each step waits for the event it needs.
const dir = mkdtempSync(join(tmpdir(), 'tickscope-backtest-channel-'));
const db = join(dir, 'bt.db');
const START = 1_723_161_600_000;
const SECONDS = 3 * 3600;
let engine: Engine;
let server: ApiServer;
let api: WsApi;

beforeAll(async () => {
  seedBars(db, { count: SECONDS, endMs: START + SECONDS * 1000 });
  engine = await Engine.open({ dbPath: db, source: { kind: 'none' } });
  await engine.start();
  server = await startApiServer({ port: 0, dispatcher: engine.dispatcher, hub: engine.hub });
  api = createWsApi(server.wsUrl, WebSocket as never);
  await api.ready();
});
afterAll(async () => {
  api?.close();
  await server?.close();
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a job over the socket and collects its pushes until its finish. */
async function runJob(req: BacktestRunDraft, onProgress?: (p: BacktestProgress, id: string) => void) {
  const progress: BacktestProgress[] = [];
  const finishes: BacktestFinish[] = [];
  let id = '';
  const early: BacktestProgress[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const offP = api.on('backtest.onDidProgress', (p) => {
    if (!id) return void early.push(p);
    if (p.id !== id) return;
    progress.push(p);
    onProgress?.(p, id);
  });
  const offF = api.on('backtest.onDidFinish', (f) => {
    if (f.id !== (id || f.id)) return;
    finishes.push(f);
    done();
  });
  const started = await api.invoke('backtest.run', req);
  id = started.id;
  progress.push(...early.filter((p) => p.id === id));
  await finished;
  offP();
  offF();
  return { started, progress, finishes: finishes.filter((f) => f.id === id) };
}

const cliJson = async (args: string[]) => {
  const r = await runCli(['backtest', '--y', 'BTCUSDT', '--x', 'ETHUSDT', '--tf', '1s', '--db', db, '--json', ...args]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('backtest.run over the WebSocket transport', () => {
  it('one parameter set: the run equals tickscope backtest --json (summary, every trade, the equity curve, notes)', async () => {
    const { started, finishes, progress } = await runJob({
      y: 'BTCUSDT',
      x: 'ETHUSDT',
      tf: '1s',
      window: [300],
      entry: [1.8],
      exit: [-0.2],
      stop: [3],
      maxHold: 400,
    });
    expect(started.total).toBe(1);
    expect(finishes).toHaveLength(1);
    const f = finishes[0]!;
    if (f.status !== 'done') throw new Error(`job ${f.status}: ${'error' in f ? f.error : ''}`);
    expect(progress.at(-1)).toEqual({ id: started.id, done: 1, total: 1 });
    const cli = await cliJson([
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
    ]);
    const run = f.result.runs[0]!;
    expect(run.summary).toEqual(cli.summary);
    expect(run.trades).toEqual(cli.trades);
    expect(run.trades.length).toBeGreaterThan(5);
    expect(run.curve.ts.map((t, i) => [t, run.curve.net[i]])).toEqual(cli.equity);
    expect(f.result.notes).toEqual(cli.notes);
    expect({ from: f.result.from, to: f.result.to, points: f.result.points }).toEqual({
      from: cli.params.from,
      to: cli.params.to,
      points: cli.params.points,
    });
  });

  it('a 2×2 grid with a split: rows, the best row and its out-of-sample run equal the CLI, with its warning', async () => {
    const { started, finishes, progress } = await runJob({
      y: 'BTCUSDT',
      x: 'ETHUSDT',
      tf: '1s',
      window: [200, 400],
      entry: [1.5, 2],
      split: 0.7,
    });
    expect(started.total).toBe(4 + 2);
    const f = finishes[0]!;
    if (f.status !== 'done') throw new Error(`job ${f.status}`);
    expect(progress.at(-1)).toEqual({ id: started.id, done: 6, total: 6 });
    const cli = await cliJson(['--window', '200,400', '--entry', '1.5,2', '--split', '0.7']);
    expect(f.result.rows).toEqual(cli.inSample.rows);
    expect(f.result.rows[f.result.best]).toEqual(cli.inSample.best);
    const out = f.result.runs[1]!;
    expect(out.part).toBe('out');
    expect(out.summary).toEqual(cli.outOfSample.summary);
    expect(out.trades).toEqual(cli.outOfSample.trades);
    expect(out.curve.ts.map((t, i) => [t, out.curve.net[i]])).toEqual(cli.outOfSample.equity);
    expect(f.result.split).toEqual({
      fraction: 0.7,
      splitTs: cli.split.splitTs,
      inSample: { from: cli.inSample.from, to: cli.inSample.to, points: cli.inSample.points },
      outOfSample: { from: cli.outOfSample.from, to: cli.outOfSample.to, points: cli.outOfSample.points },
    });
    expect(f.result.warning).toBe(cli.warning);
    expect(f.result.runs[0]!.summary).toEqual(cli.inSample.best.summary);
  });

  it('a grid without a split: every row and the best one as the CLI grid', async () => {
    const { finishes } = await runJob({
      y: 'BTCUSDT',
      x: 'ETHUSDT',
      tf: '1s',
      window: [200, 400],
      entry: [1.5, 2],
      exit: [0, 0.5],
      funding: 'none',
    });
    const f = finishes[0]!;
    if (f.status !== 'done') throw new Error(`job ${f.status}`);
    const cli = await cliJson(['--window', '200,400', '--entry', '1.5,2', '--exit', '0,0.5', '--funding', 'none']);
    expect(f.result.rows).toEqual(cli.rows);
    expect(f.result.rows[f.result.best]).toEqual(cli.best);
    expect(f.result.runs[0]!.summary).toEqual(cli.best.summary);
  });

  it('cancel mid-grid: a single cancelled finish, no result and no progress after it, the worker gone', async () => {
    let cancelled: Promise<{ cancelled: boolean }> | null = null;
    const axis = (n: number, from: number, step: number) => Array.from({ length: n }, (_, i) => from + i * step);
    const { finishes, progress, started } = await runJob(
      { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: axis(10, 100, 50), entry: axis(10, 1, 0.2) },
      (p, id) => {
        cancelled ??= api.invoke('backtest.cancel', { id });
      },
    );
    expect(started.total).toBe(101);
    expect(await cancelled).toEqual({ cancelled: true });
    expect(finishes).toEqual([{ id: started.id, status: 'cancelled' }]);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.done < p.total)).toBe(true);
    expect(engine.backtests.running()).toBe(0);
    // A finish is final: nothing about the job arrives afterwards, even a round trip later.
    const late: unknown[] = [];
    const off = api.on('backtest.onDidProgress', (p) => p.id === started.id && late.push(p));
    await api.invoke('system.ping', {});
    off();
    expect(late).toEqual([]);
  });

  it('a request the data cannot answer fails with one line; a bad one is refused naming the field', async () => {
    const { finishes } = await runJob({ y: 'BTCUSDT', x: 'SOLUSDT', tf: '1s', window: [300] });
    expect(finishes).toEqual([
      {
        id: expect.any(String),
        status: 'failed',
        error: 'unknown symbol SOLUSDT: the database has no data for it (it has BTCUSDT, ETHUSDT)',
      },
    ]);
    await expect(
      api.invoke('backtest.run', { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: [300], entry: [1], exit: [1] }),
    ).rejects.toThrow('backtest.run: exit: entry (1) must be greater than exit (1)');
  });
});
