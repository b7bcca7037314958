import type { Database } from 'better-sqlite3';
import {
  alignBacktestBars,
  bestRow,
  expandGrid,
  rollingSignals,
  runGrid,
  splitTime,
  type BacktestBars,
  type BacktestParams,
  type GridRow,
  type PairFunding,
} from '../../core/backtest/index';
import { backtestDetail } from '../../core/backtest/detail';
import {
  IN_SAMPLE_WARNING,
  type BacktestResult,
  type BacktestRun,
  type BacktestRunRequest,
} from '../../shared/contract';
import type { Bar } from '../../shared/market';
import { timeframeMs } from '../../shared/market';
import type { BarReader } from '../analytics/barReader';
import { loadPairBars, loadPairFunding } from './backtestInput';

/** What a job reads: bars, the stored symbols, and the database for funding rates. */
export interface JobStore extends BarReader {
  listSymbols(): string[];
  readonly db: Database;
}

/** A job that cannot run on this data (unknown symbol, empty range, too few points): one line. */
export class BacktestDataError extends Error {}

export interface JobHooks {
  /** After each backtest of the job (grid rows, then the full runs). */
  onProgress?(done: number, total: number): void;
}

/** Every combination of the request, window outermost (as the CLI's grid). */
export function requestSets(req: BacktestRunRequest): BacktestParams[] {
  const base: BacktestParams = {
    window: req.window[0]!,
    mode: req.mode,
    entry: req.entry[0]!,
    exit: req.exit[0]!,
    stop: req.stop[0]!,
    maxHold: req.maxHold,
    notional: req.notional,
    feeBps: req.feeBps,
    slippageBps: req.slippageBps,
  };
  return expandGrid(base, { window: req.window, entry: req.entry, exit: req.exit, stop: req.stop });
}

/**
 * How many backtests a job runs, known before it starts (the progress bar's end): one row
 * per combination when there is a grid or a split to judge, then the best row in full (with
 * a split, once on each side).
 */
export function jobTotal(req: BacktestRunRequest): number {
  const combos = requestSets(req).length;
  if (req.split !== undefined) return combos + 2;
  return combos > 1 ? combos + 1 : 1;
}

/**
 * One `backtest.run` job: exactly what `tickscope backtest` computes for the same flags (the
 * same bar loading, checks, grid and split), plus each shown run in full for the charts.
 * Synchronous and pure given the store: the worker runs it, tests run it in-process.
 */
export function runBacktestJob(store: JobStore, req: BacktestRunRequest, hooks: JobHooks = {}): BacktestResult {
  const tfMs = timeframeMs(req.tf);
  const total = jobTotal(req);
  let done = 0;
  const tick = (): void => hooks.onProgress?.(++done, total);
  const data = loadData(store, req, tfMs);
  const sets = requestSets(req);
  const notes = [...data.notes];
  const common = {
    y: req.y,
    x: req.x,
    tf: req.tf,
    funding: req.funding,
    from: data.bars.ts[0]!,
    to: data.bars.ts.at(-1)! + tfMs,
    points: data.bars.ts.length,
  };

  if (req.split !== undefined) {
    const from = req.from ?? data.bars.ts[0]!;
    const to = req.to ?? data.bars.ts.at(-1)! + tfMs;
    const splitTs = splitTime(from, to, req.split);
    const maxW = Math.max(...req.window);
    const inPoints = data.bars.ts.filter((t) => t < splitTs).length;
    if (inPoints <= maxW || data.bars.ts.length - inPoints <= maxW) {
      throw new BacktestDataError(
        `split ${req.split}: ${inPoints} points before ${new Date(splitTs).toISOString()} and ${data.bars.ts.length - inPoints} after; window ${maxW} needs more than ${maxW} on each side`,
      );
    }
    // As the core's runSplit: each side aligned and warmed up on its own bars, the choice
    // made on the first side only.
    const side = (keep: (b: Bar) => boolean) =>
      alignBacktestBars(data.yBars.filter(keep), data.xBars.filter(keep), tfMs);
    const inBars = side((b) => b.ts < splitTs);
    const outBars = side((b) => b.ts >= splitTs);
    const rows = runGrid(inBars, sets, data.funding, tick);
    const best = bestRow(rows)!;
    if (outBars.ts.length <= best.params.window) {
      throw new BacktestDataError(
        `split ${req.split}: only ${outBars.ts.length} aligned points after the split; window ${best.params.window} needs more`,
      );
    }
    const inRun = fullRun('in', inBars, best.params, data.funding);
    tick();
    const outRun = fullRun('out', outBars, best.params, data.funding);
    tick();
    notes.push(...runNotes(outRun, 'out-of-sample: '));
    return {
      ...common,
      rows: rows.map(rowJson),
      best: rows.indexOf(best),
      runs: [inRun, outRun],
      split: {
        fraction: req.split,
        splitTs,
        inSample: { from, to: splitTs, points: inBars.ts.length },
        outOfSample: { from: splitTs, to, points: outBars.ts.length },
      },
      warning: IN_SAMPLE_WARNING,
      notes,
    };
  }

  if (sets.length === 1) {
    const run = fullRun('full', data.bars, sets[0]!, data.funding);
    tick();
    notes.push(...runNotes(run, ''));
    return { ...common, rows: [rowJson({ params: sets[0]!, summary: run.summary })], best: 0, runs: [run], notes };
  }
  const rows = runGrid(data.bars, sets, data.funding, tick);
  const best = bestRow(rows)!;
  const run = fullRun('full', data.bars, best.params, data.funding);
  tick();
  notes.push(...runNotes(run, 'best row: '));
  return { ...common, rows: rows.map(rowJson), best: rows.indexOf(best), runs: [run], notes };
}

interface LoadedData {
  readonly yBars: Bar[];
  readonly xBars: Bar[];
  readonly bars: BacktestBars;
  readonly funding: PairFunding | null;
  readonly notes: string[];
}

/** The pair's bars and funding, or a BacktestDataError saying why there is nothing to test. */
function loadData(store: JobStore, req: BacktestRunRequest, tfMs: number): LoadedData {
  const known = store.listSymbols();
  for (const s of [req.y, req.x]) {
    if (!known.includes(s))
      throw new BacktestDataError(
        `unknown symbol ${s}: the database has no data for it${known.length ? ` (it has ${known.join(', ')})` : ''}`,
      );
  }
  const legs = loadPairBars(store, req);
  const where = rangeText(req);
  for (const [s, list] of [
    [req.y, legs.y],
    [req.x, legs.x],
  ] as const)
    if (list.length === 0) throw new BacktestDataError(`no ${s} ${req.tf} bars ${where}`);
  const bars = alignBacktestBars(legs.y, legs.x, tfMs);
  const maxW = Math.max(...req.window);
  if (bars.ts.length <= maxW) {
    throw new BacktestDataError(
      `only ${bars.ts.length} aligned ${req.tf} points ${where}; window ${maxW} needs more than ${maxW} (the first fill follows a full window)`,
    );
  }
  const end = bars.ts.at(-1)! + tfMs;
  const loaded =
    req.funding === 'auto' ? loadPairFunding(store.db, req, bars.ts[0]!, end) : { funding: null, notes: [] };
  return { yBars: legs.y, xBars: legs.x, bars, funding: loaded.funding, notes: loaded.notes };
}

function rangeText(req: BacktestRunRequest): string {
  if (req.from === undefined && req.to === undefined) return 'in the database';
  const t = (ms: number | undefined) => (ms === undefined ? '…' : new Date(ms).toISOString());
  return `in [${t(req.from)}, ${t(req.to)})`;
}

function rowJson(r: GridRow): BacktestResult['rows'][number] {
  const p = r.params;
  return { params: { window: p.window, entry: p.entry, exit: p.exit, stop: p.stop }, summary: r.summary };
}

/** One parameter set in full on `bars`: summary, trades, signal marks, both curves. */
function fullRun(
  part: BacktestRun['part'],
  bars: BacktestBars,
  params: BacktestParams,
  funding: PairFunding | null,
): BacktestRun {
  const d = backtestDetail({ bars, signals: rollingSignals(bars, params.window, params.mode), params, funding });
  const r = d.result;
  const L = bars.ts.length;
  return {
    part,
    params: { ...params },
    from: bars.ts[0]!,
    to: bars.ts[L - 1]! + bars.tfMs,
    points: L,
    summary: r.summary,
    trades: r.trades,
    marks: d.marks.map((m) => ({ trade: m.trade, kind: m.kind, ts: bars.ts[m.index]!, z: m.z })),
    curve: {
      ts: [...bars.ts],
      net: Array.from(r.equity),
      gross: Array.from(d.gross),
      position: Array.from(r.position),
    },
    skippedNegativeBeta: r.skippedNegativeBeta,
  };
}

/** What the CLI prints as notes about a run. */
function runNotes(run: BacktestRun, prefix: string): string[] {
  const notes: string[] = [];
  if (run.skippedNegativeBeta > 0)
    notes.push(
      `${prefix}${run.skippedNegativeBeta} entry signal(s) skipped: beta ≤ 0 at the signal (no pair trade with same-sign legs)`,
    );
  if (run.trades.at(-1)?.reason === 'end')
    notes.push(
      `${prefix}the last trade was still open at the end: closed at the last close (reason end, fees but no slippage)`,
    );
  return notes;
}
