import { describe, expect, it } from 'vitest';
import { detectorsFor, isCrossing, stepThreshold } from '../../../src/core/alerts/detectors';
import { initialRuleState } from '../../../src/core/alerts/ruleState';
import { backtestAlertDrafts } from '../../../src/renderer/lib/backtest/alertDrafts';
import {
  defaultForm,
  formRequest,
  type BacktestForm,
  type FormContext,
} from '../../../src/renderer/lib/backtest/backtestForm';
import { costShare } from '../../../src/renderer/lib/backtest/costShare';
import { heatColor, heatmapOf } from '../../../src/renderer/lib/backtest/heatmap';
import { usdt } from '../../../src/renderer/lib/backtest/money';
import { tradeZoom } from '../../../src/renderer/lib/backtest/tradeZoom';
import { nextSort, sortTrades, type TradeRow } from '../../../src/renderer/lib/backtest/tradeSort';
import { tradeMarkers } from '../../../src/renderer/lib/backtest/zMarkers';
import {
  alertRuleDraftSchema,
  alertRuleSchema,
  type BacktestResult,
  type BacktestSummary,
  type BacktestTrade,
} from '../../../src/shared/contract';

const ctx: FormContext = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', visible: null };
const form = (patch: Partial<BacktestForm> = {}): BacktestForm => ({ ...defaultForm(300), ...patch });

describe('the backtest form', () => {
  it('defaults to the CLI defaults on the charts window: one backtest of all stored bars', () => {
    const out = formRequest(form(), ctx);
    expect(out).toEqual({
      ok: true,
      combos: 1,
      request: {
        y: 'BTCUSDT',
        x: 'ETHUSDT',
        tf: '1s',
        mode: 'raw',
        window: [300],
        entry: [2],
        exit: [0],
        stop: [null],
        maxHold: null,
        notional: 10_000,
        feeBps: 5,
        slippageBps: 1,
        funding: 'auto',
      },
    });
  });

  it('comma lists make a grid; stop, max hold and split when given', () => {
    const out = formRequest(
      form({
        windows: '100, 200,300',
        entry: '1.5 2',
        stop: '3',
        maxHold: '600',
        splitOn: true,
        split: '0.6',
        mode: 'log',
        funding: 'none',
      }),
      ctx,
    );
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    expect(out.combos).toBe(6);
    expect(out.request).toMatchObject({
      window: [100, 200, 300],
      entry: [1.5, 2],
      stop: [3],
      maxHold: 600,
      split: 0.6,
      mode: 'log',
      funding: 'none',
    });
  });

  it('says under each field what the engine would refuse', () => {
    const errors = (patch: Partial<BacktestForm>, c = ctx) => {
      const out = formRequest(form(patch), c);
      return out.ok ? {} : out.errors;
    };
    expect(errors({ windows: '' })).toEqual({ windows: 'give at least one window' });
    expect(errors({ windows: '300, abc' })).toEqual({ windows: '"abc" is not a number' });
    expect(errors({ windows: '5' })).toEqual({ windows: 'a window is at least 10 points' });
    expect(errors({ entry: '1, 2', exit: '1.5' })).toEqual({ exit: 'entry (1) must be greater than exit (1.5)' });
    expect(errors({ stop: '1.5' })).toEqual({ stop: 'stop (1.5) must be greater than entry (2)' });
    expect(errors({ notional: '' })).toEqual({ notional: 'required' });
    expect(errors({ slippageBps: '-1' })).toEqual({ slippageBps: 'slippageBps cannot be negative' });
    expect(errors({ splitOn: true, split: '1.5' })).toEqual({ split: 'split is a fraction between 0 and 1' });
    // An unticked split is not read at all.
    expect(errors({ splitOn: false, split: 'x' })).toEqual({});
    expect(errors({}, { ...ctx, x: null })).toEqual({ pair: 'pick Y and X in the toolbar (a backtest needs a pair)' });
    expect(errors({ range: 'visible' })).toEqual({ range: 'the charts show nothing yet: backtest all stored bars' });
    const axis = Array.from({ length: 30 }, (_, i) => 10 + i).join(',');
    expect(errors({ windows: axis, entry: Array.from({ length: 20 }, (_, i) => 1 + i / 10).join(',') })).toEqual({
      windows: '600 combinations; at most 500 (use tickscope backtest for larger grids)',
    });
  });

  it('"the visible window" backtests the bars the charts show, whole bars', () => {
    const out = formRequest(form({ range: 'visible' }), { ...ctx, tf: '1m', visible: [90_500, 299_000] });
    expect(out.ok && out.request).toMatchObject({ from: 60_000, to: 300_000 });
  });
});

const summary = (sharpe: number | null, over: Partial<BacktestSummary> = {}): BacktestSummary => ({
  netPnl: 0,
  grossPnl: 0,
  returnPct: 0,
  trades: 0,
  winRate: null,
  avgBarsHeld: null,
  maxBarsHeld: null,
  exposure: null,
  fees: 0,
  funding: 0,
  maxDrawdown: 0,
  maxDrawdownPct: 0,
  sharpe,
  sharpeNoCosts: null,
  ...over,
});
const row = (window: number, entry: number, sharpe: number | null, exit = 0) => ({
  params: { window, entry, exit, stop: null },
  summary: summary(sharpe),
});

describe('the heatmap', () => {
  it('lays the grid out as window rows × entry columns, each cell its row', () => {
    const rows = [row(300, 2, 1), row(300, 1.5, -2), row(100, 2, null), row(100, 1.5, 0.5)];
    const map = heatmapOf(rows);
    expect(map.windows).toEqual([100, 300]);
    expect(map.entries).toEqual([1.5, 2]);
    expect(map.cells.map((r) => r.map((c) => c?.row))).toEqual([
      [3, 2],
      [1, 0],
    ]);
    expect(map.scale).toBe(2);
  });

  it('with several exits per cell, shows the best of them (the earlier on a tie) and how many', () => {
    const map = heatmapOf([row(100, 2, 0.3, 0), row(100, 2, 0.9, 0.5), row(100, 2, 0.9, 1), row(100, 2, null, 1.5)]);
    expect(map.cells[0]![0]).toMatchObject({ row: 1, of: 4, params: { exit: 0.5 } });
  });

  it('colours a cell green above zero, red below, stronger further out, neutral without a Sharpe', () => {
    expect(heatColor(2, 2)).toBe('color-mix(in srgb, var(--up) 85%, var(--panel-2))');
    expect(heatColor(-1, 2)).toBe('color-mix(in srgb, var(--down) 50%, var(--panel-2))');
    expect(heatColor(0, 2)).toBe('color-mix(in srgb, var(--up) 15%, var(--panel-2))');
    expect(heatColor(null, 2)).toBe('var(--panel-2)');
  });
});

const trade = (over: Partial<BacktestTrade>): BacktestTrade => ({
  entryTs: 0,
  exitTs: 1000,
  side: 'long',
  reason: 'exit',
  betaE: 1,
  qY: 1,
  qX: 1,
  entryY: 1,
  entryX: 1,
  exitY: 1,
  exitX: 1,
  gross: 0,
  fees: 0,
  funding: 0,
  net: 0,
  barsHeld: 1,
  ...over,
});

describe('the trade table', () => {
  const rows: TradeRow[] = [
    { ...trade({ entryTs: 3, net: 5, side: 'short' }), n: 1, part: 'out' },
    { ...trade({ entryTs: 1, net: -2 }), n: 1, part: 'in' },
    { ...trade({ entryTs: 2, net: 5 }), n: 2, part: 'in' },
  ];
  it('sorts by any column, ties in their given order', () => {
    expect(sortTrades(rows, { key: 'entryTs', dir: 'asc' }).map((r) => r.entryTs)).toEqual([1, 2, 3]);
    expect(sortTrades(rows, { key: 'net', dir: 'desc' }).map((r) => r.entryTs)).toEqual([3, 2, 1]);
    expect(sortTrades(rows, { key: 'side', dir: 'asc' }).map((r) => r.side)).toEqual(['long', 'long', 'short']);
    expect(sortTrades(rows, { key: 'part', dir: 'asc' }).map((r) => r.part)).toEqual(['in', 'in', 'out']);
  });
  it('a header click flips its column, a new column starts largest first for money', () => {
    expect(nextSort({ key: 'net', dir: 'desc' }, 'net')).toEqual({ key: 'net', dir: 'asc' });
    expect(nextSort({ key: 'entryTs', dir: 'asc' }, 'net')).toEqual({ key: 'net', dir: 'desc' });
    expect(nextSort({ key: 'net', dir: 'desc' }, 'exitTs')).toEqual({ key: 'exitTs', dir: 'asc' });
  });
  it('a trade row zooms the charts to the trade with context either side', () => {
    // Extent 0..100 s of 1 s bars; a 10 s trade at 40..50 s gets 30 bars each side.
    expect(tradeZoom(40_000, 50_000, 1000, 0, 100_000)).toEqual([10, 80]);
    expect(tradeZoom(0, 200_000, 1000, 0, 100_000)).toEqual([0, 100]);
  });
});

describe('the summary cards', () => {
  it('costs are fees plus funding, as a share of a positive gross PnL only', () => {
    expect(costShare({ grossPnl: 200, fees: 40, funding: 10 })).toEqual({ costs: 50, share: 0.25 });
    expect(costShare({ grossPnl: 20, fees: 40, funding: -5 })).toEqual({ costs: 35, share: 1.75 });
    expect(costShare({ grossPnl: -20, fees: 40, funding: 0 })).toEqual({ costs: 40, share: null });
    expect(usdt(-1234.5)).toBe('−1,234.50');
    expect(usdt(0.004)).toBe('0.00');
  });
});

describe('"Use as alert"', () => {
  const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s' as const, window: 200 };

  it('makes two valid rules on the pair and window: entry as z crossing ±entry, exit 0 as the spread crossing 0', () => {
    const [entry, exit] = backtestAlertDrafts(pair, { entry: 2, exit: 0 });
    expect(entry).toEqual({
      id: 'bt-entry-btcusdt-ethusdt-1s-w200',
      name: 'BTCUSDT/ETHUSDT 1s W200: backtest entry, z beyond ±2',
      kind: 'zscore',
      pair,
      op: 'crosses',
      k: 2,
      hysteresis: 2,
    });
    expect(exit).toEqual({
      id: 'bt-exit-btcusdt-ethusdt-1s-w200',
      name: 'BTCUSDT/ETHUSDT 1s W200: backtest exit, z back to 0',
      kind: 'spread',
      pair,
      op: 'crosses',
      level: 0,
    });
    for (const d of [entry, exit]) expect(alertRuleDraftSchema.safeParse(d).success).toBe(true);
    const [, away] = backtestAlertDrafts(pair, { entry: 1.5, exit: -0.2 });
    expect(away).toMatchObject({ kind: 'zscore', op: 'crosses', k: 0.2 });
    // Ids too long for a rule are left to the engine.
    expect(
      backtestAlertDrafts({ ...pair, y: 'A'.repeat(30), x: 'B'.repeat(30) }, { entry: 2, exit: 0 })[0],
    ).not.toHaveProperty('id');
  });

  it('the entry rule fires on each outward crossing of ±entry once, re-arming when z is back at the exit level', () => {
    const [draft] = backtestAlertDrafts(pair, { entry: 2, exit: 0.5 });
    const rule = alertRuleSchema.parse({ ...draft, id: 'e' });
    const detectors = detectorsFor(rule);
    // Short entry, back inside, over again (still in the position: quiet), exit, then a long entry.
    const z = [0, 1, 2.3, 1.9, 2.4, 1.2, 0.4, -0.3, -2.2, -1.5, -0.4, -2.1];
    let state = initialRuleState(detectors.length, isCrossing(rule));
    const fired: number[] = [];
    z.forEach((v, t) => {
      const step = stepThreshold(detectors, rule, state, t, v);
      state = step.state;
      if (step.fired) fired.push(t);
    });
    expect(fired).toEqual([2, 8, 11]);
  });
});

describe('trade markers on the z panel', () => {
  it('an entry triangle per trade (up long, down short) and an exit dot, on the signal point and its z', () => {
    const trades = [
      trade({ side: 'long', entryTs: 2000, exitTs: 5000, net: 1.5 }),
      trade({ side: 'short', entryTs: 7000, exitTs: 9000, reason: 'end' }),
    ];
    const result = {
      runs: [
        {
          trades,
          marks: [
            { trade: 0, kind: 'entry', ts: 1000, z: -2.1 },
            { trade: 0, kind: 'exit', ts: 4000, z: 0.1 },
            { trade: 1, kind: 'entry', ts: 6000, z: 2.2 },
            { trade: 1, kind: 'exit', ts: 8000, z: null },
          ],
        },
      ],
    } as unknown as BacktestResult;
    const m = tradeMarkers(result, { long: 'green', short: 'red', exit: 'grey' });
    expect(m.map((x) => [x.ts, x.value, x.symbol, x.symbolRotate ?? 0, x.color])).toEqual([
      [1000, -2.1, 'triangle', 0, 'green'],
      [4000, 0.1, 'circle', 0, 'grey'],
      [6000, 2.2, 'triangle', 180, 'red'],
    ]);
    expect(m[1]!.label).toBe('long exit at z 0.10, net 1.50 USDT');
  });
});
