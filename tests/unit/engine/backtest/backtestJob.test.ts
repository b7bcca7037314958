import { afterAll, describe, expect, it } from 'vitest';
import {
  alignBacktestBars,
  backtestPair,
  bestRow,
  expandGrid,
  rollingSignals,
  runGrid,
  runSplit,
  splitTime,
  type BacktestParams,
  type BacktestResult as CoreResult,
} from '../../../../src/core/backtest/index';
import { BacktestDataError, jobTotal, runBacktestJob } from '../../../../src/engine/backtest/backtestJob';
import { fundingRateStore } from '../../../../src/engine/store/fundingRates';
import { openStore } from '../../../../src/engine/store/sqliteStore';
import {
  backtestRunRequestSchema,
  IN_SAMPLE_WARNING,
  type BacktestRun,
  type BacktestRunDraft,
} from '../../../../src/shared/contract';
import type { Bar } from '../../../../src/shared/market';
import { barsOf, fundingOf, loadBacktestFixture } from '../../core/backtest/fixtures';

// The pandas-checked fixture's bars (X has gaps: carried-forward fills) in a store, so the
// job reads exactly what the core's reference tests compute on.
const fx = loadBacktestFixture();
const yBars = barsOf(fx.y.bars);
const xBars = barsOf(fx.x.bars);
const funding = fundingOf(fx.funding);
const store = openStore(':memory:');
const asBar =
  (symbol: string) =>
  (b: (typeof yBars)[number]): Bar => ({ symbol, tf: '1s', ...b, trades: 1, vwap: b.close, buyVolume: 0 });
store.upsertBars([...yBars.map(asBar('BTCUSDT')), ...xBars.map(asBar('ETHUSDT'))]);
fundingRateStore(store.db)!.insert([
  ...funding.y.map((e) => ({ symbol: 'BTCUSDT', ts: e.ts, rate: e.rate, intervalHours: 8, markPrice: null })),
  ...funding.x.map((e) => ({ symbol: 'ETHUSDT', ts: e.ts, rate: e.rate, intervalHours: 8, markPrice: null })),
]);
afterAll(() => store.close());

const request = (over: Partial<BacktestRunDraft> = {}) =>
  backtestRunRequestSchema.parse({ y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: [120], ...over });
const params = (over: Partial<BacktestParams>): BacktestParams => ({ ...fx.cases[0]!.params, ...over });

/** The run's report and curves against the core's single backtest of the same bars. */
function expectRunEquals(run: BacktestRun, ref: CoreResult): void {
  expect(run.summary).toEqual(ref.summary);
  expect(run.trades).toEqual(ref.trades);
  expect(run.curve.ts).toEqual([...ref.ts]);
  expect(run.curve.net).toEqual(Array.from(ref.equity));
  expect(run.curve.position).toEqual(Array.from(ref.position));
  expect(run.points).toBe(ref.ts.length);
  expect(run.skippedNegativeBeta).toBe(ref.skippedNegativeBeta);
}

describe('a backtest job (what the worker runs)', () => {
  it('one combination is the core backtest of the stored bars, with its gross curve and signal marks', () => {
    const progress: [number, number][] = [];
    const req = request({ window: [120], entry: [1.8], exit: [-0.2], stop: [3], maxHold: 400 });
    const out = runBacktestJob(store, req, { onProgress: (d, t) => progress.push([d, t]) });
    const p = params({ entry: 1.8, exit: -0.2, stop: 3, maxHold: 400 });
    const ref = backtestPair(yBars, xBars, 1000, p, funding);
    expect(out.rows).toEqual([{ params: { window: 120, entry: 1.8, exit: -0.2, stop: 3 }, summary: ref.summary }]);
    expect(out.best).toBe(0);
    expect(out.runs).toHaveLength(1);
    expect(out.runs[0]!.part).toBe('full');
    expect(out.runs[0]!.params).toEqual(p);
    expectRunEquals(out.runs[0]!, ref);
    expect(ref.trades.length).toBeGreaterThan(3);
    expect(ref.summary.funding).not.toBe(0);
    expect(progress).toEqual([[1, 1]]);
    expect(jobTotal(req)).toBe(1);
    expect(out).toMatchObject({
      y: 'BTCUSDT',
      x: 'ETHUSDT',
      tf: '1s',
      funding: 'auto',
      from: ref.ts[0],
      to: ref.ts.at(-1)! + 1000,
      points: ref.ts.length,
    });
    const endNote =
      'the last trade was still open at the end: closed at the last close (reason end, fees but no slippage)';
    expect(out.notes).toEqual(ref.trades.at(-1)!.reason === 'end' ? [endNote] : []);

    // Gross: the same fills without fees or funding, so it ends at the summary's gross PnL,
    // and at a trade's exit fill it lies above the net curve by exactly the costs of the
    // trades closed by then.
    const run = out.runs[0]!;
    expect(run.curve.gross.at(-1)).toBeCloseTo(ref.summary.grossPnl, 8);
    let costs = 0;
    for (const t of ref.trades.filter((q) => q.reason !== 'end')) {
      costs += t.fees + t.funding;
      const k = run.curve.ts.indexOf(t.exitTs);
      expect(run.curve.gross[k]! - run.curve.net[k]!).toBeCloseTo(costs, 8);
    }
    expect(costs).toBeGreaterThan(0);

    // Marks: each trade's entry at the point before its fill, its exit likewise (an end
    // exit at the last point), with the z the signals decided on.
    const bars = alignBacktestBars(yBars, xBars, 1000);
    const z = rollingSignals(bars, 120, 'raw').z;
    expect(run.marks).toHaveLength(2 * ref.trades.length);
    run.marks.forEach((m) => {
      const t = ref.trades[m.trade]!;
      const fill = m.kind === 'entry' ? t.entryTs : t.exitTs;
      const i = bars.ts.indexOf(m.ts);
      expect(i).toBeGreaterThanOrEqual(0);
      if (m.kind === 'exit' && t.reason === 'end') expect(i).toBe(bars.ts.length - 1);
      else expect(bars.ts[i + 1]).toBe(fill);
      expect(m.z).toBe(z[i]);
      if (m.kind === 'entry') expect(t.side === 'long' ? m.z! <= -1.8 : m.z! >= 1.8).toBe(true);
    });
  });

  it('a grid: one row per combination as the core grid, the best row in full, progress to the announced total', () => {
    const req = request({ window: [120, 300], entry: [1.5, 2.5], exit: [0, 0.5] });
    const progress: number[] = [];
    const total = jobTotal(req);
    const out = runBacktestJob(store, req, { onProgress: (d, t) => (expect(t).toBe(total), progress.push(d)) });
    const sets = expandGrid(params({}), { window: [120, 300], entry: [1.5, 2.5], exit: [0, 0.5], stop: [null] });
    const rows = runGrid(alignBacktestBars(yBars, xBars, 1000), sets, funding);
    expect(total).toBe(sets.length + 1);
    expect(progress).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(out.rows).toEqual(
      rows.map((r) => ({
        params: { window: r.params.window, entry: r.params.entry, exit: r.params.exit, stop: r.params.stop },
        summary: r.summary,
      })),
    );
    const best = bestRow(rows)!;
    expect(out.best).toBe(rows.indexOf(best));
    expectRunEquals(out.runs[0]!, backtestPair(yBars, xBars, 1000, best.params, funding));
    expect(out.split).toBeUndefined();
    expect(out.warning).toBeUndefined();
  });

  it('a split: the grid judged before the split only, its best row run on each side, with the warning', () => {
    const req = request({ window: [120, 200], entry: [1.5, 2], split: 0.6, funding: 'none' });
    const out = runBacktestJob(store, req);
    const aligned = alignBacktestBars(yBars, xBars, 1000);
    const from = aligned.ts[0]!;
    const to = aligned.ts.at(-1)! + 1000;
    const splitTs = splitTime(from, to, 0.6);
    const sets = expandGrid(params({}), { window: [120, 200], entry: [1.5, 2], exit: [0], stop: [null] });
    const ref = runSplit(yBars, xBars, 1000, sets, splitTs, null);
    expect(out.rows.map((r) => r.summary)).toEqual(ref.inSample.rows.map((r) => r.summary));
    expect(out.best).toBe(ref.inSample.rows.indexOf(ref.inSample.best));
    expect(out.runs.map((r) => r.part)).toEqual(['in', 'out']);
    expectRunEquals(out.runs[1]!, ref.outOfSample);
    expect(out.runs[0]!.summary).toEqual(ref.inSample.best.summary);
    expectRunEquals(
      out.runs[0]!,
      backtestPair(
        yBars.filter((b) => b.ts < splitTs),
        xBars.filter((b) => b.ts < splitTs),
        1000,
        ref.inSample.best.params,
        null,
      ),
    );
    expect(out.split).toEqual({
      fraction: 0.6,
      splitTs,
      inSample: { from, to: splitTs, points: out.runs[0]!.points },
      outOfSample: { from: splitTs, to, points: ref.outOfSample.ts.length },
    });
    expect(out.warning).toBe(IN_SAMPLE_WARNING);
    expect(jobTotal(req)).toBe(sets.length + 2);
  });

  it('says in one line why the data cannot be backtested', () => {
    const fail = (over: Partial<BacktestRunDraft>) => {
      try {
        runBacktestJob(store, request(over));
      } catch (e) {
        expect(e).toBeInstanceOf(BacktestDataError);
        return (e as Error).message;
      }
      throw new Error('no failure');
    };
    expect(fail({ y: 'SOLUSDT' })).toBe(
      'unknown symbol SOLUSDT: the database has no data for it (it has BTCUSDT, ETHUSDT)',
    );
    expect(fail({ tf: '1m' })).toBe('no BTCUSDT 1m bars in the database');
    expect(fail({ window: [5000] })).toMatch(
      /^only \d+ aligned 1s points in the database; window 5000 needs more than 5000/,
    );
    expect(fail({ from: 0, to: 1000 })).toBe(
      'no BTCUSDT 1s bars in [1970-01-01T00:00:00.000Z, 1970-01-01T00:00:01.000Z)',
    );
    expect(fail({ window: [1500], split: 0.5 })).toMatch(
      /^split 0.5: \d+ points before .* and \d+ after; window 1500 needs more than 1500 on each side$/,
    );
  });

  it('notes what the figures leave out: funding not stored, a trade still open at the end', () => {
    const bare = openStore(':memory:');
    try {
      bare.upsertBars([...yBars.map(asBar('BTCUSDT')), ...xBars.map(asBar('ETHUSDT'))]);
      const out = runBacktestJob(bare, request());
      expect(out.runs[0]!.trades.at(-1)!.reason).toBe('end');
      expect(out.notes).toEqual([
        expect.stringMatching(/^no BTCUSDT funding rates stored for /),
        expect.stringMatching(/^no ETHUSDT funding rates stored for /),
        'the last trade was still open at the end: closed at the last close (reason end, fees but no slippage)',
      ]);
      expect(out.runs[0]!.summary.funding).toBe(0);
    } finally {
      bare.close();
    }
  });
});
