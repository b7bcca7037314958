import { describe, expect, it } from 'vitest';
import {
  backtestFinishSchema,
  backtestRunRequestSchema,
  EVENT_CHANNELS,
  MAX_BACKTEST_COMBINATIONS,
  REQUEST_CHANNELS,
  requests,
} from '../../../../src/shared/contract';

const pair = { y: 'btcusdt', x: 'ETHUSDT', tf: '1s', window: [300] };

/** Every issue as `path: message`, the way the dispatcher and the form show them. */
function issues(payload: unknown): string[] {
  const r = backtestRunRequestSchema.safeParse(payload);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the backtest contract', () => {
  it('registers backtest.run / backtest.cancel and the progress and finish events', () => {
    expect(REQUEST_CHANNELS).toEqual(expect.arrayContaining(['backtest.run', 'backtest.cancel']));
    expect(EVENT_CHANNELS).toEqual(expect.arrayContaining(['backtest.onDidProgress', 'backtest.onDidFinish']));
  });

  it('fills in the CLI defaults and drops repeated grid values', () => {
    expect(backtestRunRequestSchema.parse({ ...pair, window: [300, 900, 300], entry: [2, 1.5, 2] })).toEqual({
      y: 'BTCUSDT',
      x: 'ETHUSDT',
      tf: '1s',
      window: [300, 900],
      entry: [2, 1.5],
      exit: [0],
      stop: [null],
      mode: 'raw',
      maxHold: null,
      notional: 10_000,
      feeBps: 5,
      slippageBps: 1,
      funding: 'auto',
    });
  });

  it('names the field of each bad value', () => {
    expect(issues({ ...pair, window: [5] })).toEqual(['window.0: a window is at least 10 points']);
    expect(issues({ ...pair, window: [300.5] })).toEqual(['window.0: a window is a whole number of points']);
    expect(issues({ ...pair, window: [] })).toEqual(['window: give at least one window']);
    expect(issues({ ...pair, entry: [0] })).toEqual(['entry.0: entry must be a positive z']);
    expect(issues({ ...pair, stop: [-1] })).toEqual(['stop.0: stop must be a positive z']);
    expect(issues({ ...pair, maxHold: 0 })).toEqual(['maxHold: maxHold is at least 1 bar']);
    expect(issues({ ...pair, notional: -5 })).toEqual(['notional: notional must be positive']);
    expect(issues({ ...pair, slippageBps: 10_000 })).toEqual(['slippageBps: slippageBps must be below 10000']);
    expect(issues({ ...pair, split: 1 })).toEqual(['split: split is a fraction between 0 and 1']);
    expect(issues({ ...pair, tf: '7s' })[0]).toMatch(/^tf: /);
    expect(issues({ ...pair, y: 'BTC/USDT' })[0]).toMatch(/^y: a symbol is/);
    expect(issues({ ...pair, entry: [Number.NaN] })[0]).toMatch(/^entry\.0: /);
    expect(issues({ ...pair, extra: 1 })[0]).toMatch(/extra/);
  });

  it('checks what a combination needs as a whole, as the core does', () => {
    expect(issues({ ...pair, x: 'BTCUSDT' })).toEqual(['x: a pair needs two different symbols (y and x are the same)']);
    expect(issues({ ...pair, from: 5000, to: 5000 })).toEqual(['to: to must be after from']);
    expect(issues({ ...pair, entry: [1, 2], exit: [1.5] })).toEqual([
      'exit: entry (1) must be greater than exit (1.5)',
    ]);
    expect(issues({ ...pair, entry: [2, 3], stop: [2.5] })).toEqual([
      'stop: stop (2.5) must be greater than entry (3)',
    ]);
    expect(issues({ ...pair, entry: [2], exit: [-0.5], stop: [3, null] })).toEqual([]);
    const axis = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i);
    expect(issues({ ...pair, window: axis(20, 10), entry: axis(25, 1) })).toEqual([]);
    expect(MAX_BACKTEST_COMBINATIONS).toBe(500);
    expect(issues({ ...pair, window: axis(21, 10), entry: axis(25, 1) })).toEqual([
      'window: 525 combinations; at most 500 (use tickscope backtest for larger grids)',
    ]);
  });

  it('a finish is done with a result, cancelled, or failed with a line; cancel takes a job id', () => {
    expect(backtestFinishSchema.safeParse({ id: 'a', status: 'cancelled' }).success).toBe(true);
    expect(backtestFinishSchema.safeParse({ id: 'a', status: 'failed', error: 'no data' }).success).toBe(true);
    expect(backtestFinishSchema.safeParse({ id: 'a', status: 'failed' }).success).toBe(false);
    expect(backtestFinishSchema.safeParse({ id: 'a', status: 'done' }).success).toBe(false);
    expect(requests['backtest.cancel'].request.safeParse({ id: '' }).success).toBe(false);
    expect(requests['backtest.cancel'].request.safeParse({ id: 'bt-1', all: true }).success).toBe(false);
  });
});
