import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../../src/engine/api/dispatcher';
import { EventHub, type Scheduler } from '../../../../src/engine/api/eventHub';
import { createBacktestJobs, type JobThread } from '../../../../src/engine/backtest/backtestJobs';
import type { BacktestWorkerJob, BacktestWorkerMessage } from '../../../../src/engine/backtest/jobMessages';
import { backtestRunRequestSchema, type BacktestResult, type EventChannel } from '../../../../src/shared/contract';
import { fakeHandlers } from '../../../support/fakeHandlers';

/** A worker message without its job id (the fake adds it). */
type Posted<M = BacktestWorkerMessage> = M extends unknown ? Omit<M, 'job'> : never;

/** A worker thread in-process: the test posts what the worker would. */
class FakeThread extends EventEmitter {
  readonly jobs: BacktestWorkerJob[] = [];
  terminated = false;
  postMessage(job: BacktestWorkerJob): void {
    this.jobs.push(job);
  }
  post(m: Posted, job = this.jobs.at(-1)!.job): void {
    this.emit('message', { ...m, job } as BacktestWorkerMessage);
  }
  async terminate(): Promise<number> {
    if (!this.terminated) {
      this.terminated = true;
      // As a real worker: terminating it ends it with an exit event.
      this.emit('exit', 1);
    }
    return 1;
  }
}

/** Timers the test fires by hand: nothing here waits on the clock. */
function manualScheduler(): Scheduler & { fire(): void } {
  let pending: (() => void)[] = [];
  return {
    setTimeout: (fn) => (pending.push(fn), fn),
    clearTimeout: (h) => (pending = pending.filter((f) => f !== h)),
    fire() {
      const now = pending;
      pending = [];
      now.forEach((f) => f());
    },
  };
}

function rig(maxRunning?: number) {
  const hub = new EventHub();
  const events: { event: EventChannel; payload: Record<string, unknown> }[] = [];
  hub.subscribe((event, payload) => events.push({ event, payload: payload as Record<string, unknown> }));
  const threads: FakeThread[] = [];
  const scheduler = manualScheduler();
  const jobs = createBacktestJobs({
    dbPath: '/tmp/none.db',
    hub,
    scheduler,
    maxRunning,
    spawn: () => {
      const t = new FakeThread();
      threads.push(t);
      return t as unknown as JobThread;
    },
  });
  const dispatcher = createDispatcher(fakeHandlers(jobs.handlers));
  return { hub, events, threads, scheduler, jobs, dispatcher };
}

const grid = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: [100, 200], entry: [1.5, 2] };

/** A minimal result that fits the contract. */
function result(): BacktestResult {
  const summary = {
    netPnl: 1,
    grossPnl: 2,
    returnPct: 0.01,
    trades: 1,
    winRate: 1,
    avgBarsHeld: 3,
    maxBarsHeld: 3,
    exposure: 0.1,
    fees: 1,
    funding: 0,
    maxDrawdown: 0,
    maxDrawdownPct: 0,
    sharpe: 1.5,
    sharpeNoCosts: 2,
  };
  const params = {
    window: 100,
    entry: 2,
    exit: 0,
    stop: null,
    mode: 'raw' as const,
    maxHold: null,
    notional: 10_000,
    feeBps: 5,
    slippageBps: 1,
  };
  return {
    y: 'BTCUSDT',
    x: 'ETHUSDT',
    tf: '1s',
    from: 0,
    to: 5000,
    points: 5,
    funding: 'auto',
    rows: [{ params: { window: 100, entry: 2, exit: 0, stop: null }, summary }],
    best: 0,
    runs: [
      {
        part: 'full',
        params,
        from: 0,
        to: 5000,
        points: 5,
        summary,
        trades: [],
        marks: [],
        curve: { ts: [0, 1000], net: [0, 1], gross: [0, 2], position: [0, 0] },
        skippedNegativeBeta: 0,
      },
    ],
    notes: [],
  };
}

describe('backtest jobs (the engine side of backtest.run / cancel)', () => {
  it('runs a job on a worker, coalesces its progress and reports its result once', async () => {
    const r = rig();
    const answer = await r.dispatcher.dispatch('backtest.run', grid);
    expect(answer).toMatchObject({ ok: true, result: { total: 5 } });
    const id = (answer as { result: { id: string } }).result.id;
    expect(r.threads).toHaveLength(1);
    // The worker got the validated request, defaults filled in.
    expect(r.threads[0]!.jobs).toEqual([{ job: id, request: backtestRunRequestSchema.parse(grid) }]);

    const t = r.threads[0]!;
    t.post({ type: 'progress', done: 1, total: 5 });
    t.post({ type: 'progress', done: 2, total: 5 });
    expect(r.events).toEqual([]); // coalesced: nothing until the interval ends
    r.scheduler.fire();
    expect(r.events).toEqual([{ event: 'backtest.onDidProgress', payload: { id, done: 2, total: 5 } }]);
    t.post({ type: 'progress', done: 5, total: 5 });
    t.post({ type: 'done', result: result() });
    expect(r.events.slice(1)).toEqual([
      { event: 'backtest.onDidProgress', payload: { id, done: 5, total: 5 } },
      { event: 'backtest.onDidFinish', payload: { id, status: 'done', result: result() } },
    ]);
    expect(r.jobs.running()).toBe(0);
    // The worker that answered stays warm: the next job (a heatmap cell) starts on it.
    expect(t.terminated).toBe(false);
    const next = await r.dispatcher.dispatch('backtest.run', { ...grid, window: [100], entry: [2] });
    expect(next).toMatchObject({ ok: true, result: { total: 1 } });
    expect(r.threads).toHaveLength(1);
    expect(t.jobs).toHaveLength(2);
    await r.jobs.dispose();
    expect(t.terminated).toBe(true);
  });

  it('cancel mid-grid: one cancelled finish, the worker terminated, nothing of the job reported after', async () => {
    const r = rig();
    const { id } = r.jobs.handlers['backtest.run'](backtestRunRequestSchema.parse(grid)) as { id: string };
    const t = r.threads[0]!;
    t.post({ type: 'progress', done: 1, total: 5 });
    t.post({ type: 'progress', done: 2, total: 5 });
    expect(await r.dispatcher.dispatch('backtest.cancel', { id })).toEqual({ ok: true, result: { cancelled: true } });
    expect(t.terminated).toBe(true);
    // The rows done before the cancel are reported, then the finish: nothing is half-reported.
    expect(r.events).toEqual([
      { event: 'backtest.onDidProgress', payload: { id, done: 2, total: 5 } },
      { event: 'backtest.onDidFinish', payload: { id, status: 'cancelled' } },
    ]);
    // What the terminated worker had already posted arrives late and is dropped.
    t.post({ type: 'progress', done: 3, total: 5 });
    t.post({ type: 'done', result: result() });
    r.scheduler.fire();
    expect(r.events).toHaveLength(2);
    expect(r.jobs.running()).toBe(0);
    expect(r.jobs.threads()).toBe(0);
    // Cancelling again, or an unknown job, says there was nothing to cancel.
    expect(await r.dispatcher.dispatch('backtest.cancel', { id })).toEqual({ ok: true, result: { cancelled: false } });
    // The next job gets a fresh worker.
    r.jobs.handlers['backtest.run'](backtestRunRequestSchema.parse(grid));
    expect(r.threads).toHaveLength(2);
  });

  it('a worker that dies mid-job fails that job with one line; one that answered a failure is kept', async () => {
    const r = rig();
    const a = r.jobs.handlers['backtest.run'](backtestRunRequestSchema.parse(grid)) as { id: string };
    r.threads[0]!.post({
      type: 'failed',
      error: 'unknown symbol BTCUSDT: the database has no data for it',
      data: true,
    });
    expect(r.events.at(-1)).toEqual({
      event: 'backtest.onDidFinish',
      payload: { id: a.id, status: 'failed', error: 'unknown symbol BTCUSDT: the database has no data for it' },
    });
    expect(r.threads[0]!.terminated).toBe(false);

    const b = r.jobs.handlers['backtest.run'](backtestRunRequestSchema.parse(grid)) as { id: string };
    expect(r.threads).toHaveLength(1);
    r.threads[0]!.emit('exit', 134);
    expect(r.events.at(-1)).toEqual({
      event: 'backtest.onDidFinish',
      payload: { id: b.id, status: 'failed', error: 'backtest worker stopped (exit code 134) before its result' },
    });

    const c = r.jobs.handlers['backtest.run'](backtestRunRequestSchema.parse(grid)) as { id: string };
    r.threads[1]!.post({ type: 'failed', error: 'database disk image is malformed', data: false });
    expect(r.events.at(-1)).toEqual({
      event: 'backtest.onDidFinish',
      payload: { id: c.id, status: 'failed', error: 'backtest failed: database disk image is malformed' },
    });
    // It caught the error and answered: still fit for the next job.
    expect(r.threads[1]!.terminated).toBe(false);
    expect(r.jobs.running()).toBe(0);
  });

  it('a result that does not fit the contract is reported as a failure, not dropped', () => {
    const r = rig();
    const { id } = r.jobs.handlers['backtest.run'](backtestRunRequestSchema.parse(grid)) as { id: string };
    const bad = {
      ...result(),
      rows: [
        {
          params: { window: 100, entry: 2, exit: 0, stop: null },
          summary: { ...result().rows[0]!.summary, sharpe: Number.NaN },
        },
      ],
    };
    r.threads[0]!.post({ type: 'done', result: bad });
    expect(r.events).toEqual([
      {
        event: 'backtest.onDidFinish',
        payload: {
          id,
          status: 'failed',
          error: expect.stringMatching(/^internal: the result does not fit the contract \(.+\)$/),
        },
      },
    ]);
    // The refused push is counted where every refused push is.
    expect(r.hub.invalid).toBe(1);
  });

  it('refuses what cannot run, saying why, before any worker starts', async () => {
    const r = rig(1);
    const refused = async (payload: unknown) => {
      const a = await r.dispatcher.dispatch('backtest.run', payload);
      expect(a.ok).toBe(false);
      return a.ok ? '' : `${a.error.code}: ${a.error.message}`;
    };
    expect(await refused({ ...grid, exit: [2] })).toBe(
      'bad_request: backtest.run: exit: entry (1.5) must be greater than exit (2)',
    );
    expect(await refused({ ...grid, window: [5] })).toMatch(
      /^bad_request: backtest\.run: window\.0: a window is at least 10 points/,
    );
    expect(r.threads).toHaveLength(0);
    expect((await r.dispatcher.dispatch('backtest.run', grid)).ok).toBe(true);
    expect(await refused(grid)).toBe(
      'bad_request: backtest.run: 1 backtests are running; cancel one or wait for it to finish',
    );
    const memory = createBacktestJobs({
      dbPath: ':memory:',
      hub: new EventHub(),
      spawn: () => new FakeThread() as unknown as JobThread,
    });
    const d = createDispatcher(fakeHandlers(memory.handlers));
    const a = await d.dispatch('backtest.run', grid);
    expect(a.ok ? '' : a.error.message).toMatch(/an in-memory database cannot be shared/);
  });

  it('dispose ends every worker and reports nothing more', async () => {
    const r = rig();
    r.jobs.handlers['backtest.run'](backtestRunRequestSchema.parse(grid));
    r.threads[0]!.post({ type: 'progress', done: 1, total: 5 });
    await r.jobs.dispose();
    r.scheduler.fire();
    r.threads[0]!.post({ type: 'done', result: result() });
    expect(r.threads[0]!.terminated).toBe(true);
    expect(r.events).toEqual([]);
    expect(() => r.jobs.handlers['backtest.run'](backtestRunRequestSchema.parse(grid))).toThrow(/stopping/);
  });
});
