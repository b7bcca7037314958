import { existsSync, writeFileSync } from 'node:fs';
import {
  alignBacktestBars,
  bestRow,
  expandGrid,
  rollingSignals,
  runBacktest,
  runGrid,
  runSplit,
  splitTime,
  type BacktestBars,
  type BacktestParams,
  type BacktestResult,
  type PairFunding,
} from '../../core/backtest/index';
import { loadPairBars, loadPairFunding } from '../../engine/backtest/backtestInput';
import { timeframeMs, TIMEFRAMES } from '../../shared/market';
import { CliFailure, type CliCommand, type CliContext } from '../context';
import { openStoreForCli, resolveDbPath } from '../flags';
import { parseBacktestFlags, type BacktestRequest } from './backtestFlags';
import {
  costsLine,
  equityCsv,
  equityPairs,
  gridTable,
  IN_SAMPLE_WARNING,
  paramsLine,
  rangeLine,
  rowParams,
  sideBySide,
  summaryLines,
  tradesCsv,
  tradeTable,
} from './backtestReport';
import { progressBar } from './progress';

const help = `Usage: tickscope backtest --y SYM --x SYM --tf TF --window W [--from T] [--to T] [--mode raw|log]
                          [--entry Z] [--exit Z] [--stop Z] [--max-hold N] [--notional USDT]
                          [--fee-bps B] [--slippage-bps B] [--funding auto|none] [--split F]
                          [--json] [--trades FILE.csv] [--equity FILE.csv] [--db PATH]

Backtests mean reversion of the rolling z-score of Y on X on stored bars, by Tickscope's
backtest rules: decide on z at a bar's close, fill both legs at the next
bar's open (a leg without a bar there: its close carried forward), hedge ratio frozen at
entry, fees and slippage per leg and fill, funding from stored rates. Nothing after a bar
can change what was decided at it.

  --y SYM, --x SYM   the pair, Y on X
  --tf TF            timeframe: ${TIMEFRAMES.join(', ')}
  --window W         rolling window in aligned points (10..100000)
  --from T, --to T   range [from, to) of bar starts, epoch ms or ISO 8601 (default: all)
  --mode M           raw prices (default) or log prices (qX = beta·notional/oX)
  --entry Z          open a long spread at z ≤ −Z, a short at z ≥ Z (default 2)
  --exit Z           close a long at z ≥ −Z, a short at z ≤ Z (default 0; must be < entry)
  --stop Z           also close at |z| ≥ Z, then no entry until |z| < entry (default none)
  --max-hold N       also close after N bars in the position (default none)
  --notional USDT    Y leg's value at entry (default 10000)
  --fee-bps B        fee per leg per fill (default 5, Binance USD-M taker)
  --slippage-bps B   slippage per leg per fill, against the trade (default 1)
  --funding F        auto (default): stored funding rates, saying when the range has none;
                     none: no funding (tickscope fetch funding / import fundingRate files)
  --json             { params, summary, trades: [...], equity: [[ts, equity], ...] }
  --trades FILE      the trades as CSV (spec field names)
  --equity FILE      the equity curve as CSV: ts (point start), equity (at its close), position
  --db PATH          the SQLite database

Grid: comma lists for --window, --entry, --exit and --stop run every combination and print
one summary row each (* marks the highest Sharpe after costs). --split F judges the grid on
the first F of the range only and runs its best row unchanged on the rest, side by side:
in-sample figures overstate what to expect. With a grid, --trades and --equity write the
best row's run (with --split, its out-of-sample run).

Exit status: 0 done, 1 no such data (unknown pair, empty range, window too large), 2 bad flags.
`;

export const command: CliCommand = {
  summary: 'Backtest a pair z-score mean-reversion strategy on stored bars',
  help,
  async run(argv, ctx) {
    const req = parseBacktestFlags(argv);
    const tfMs = timeframeMs(req.tf);
    const data = loadData(req, ctx, tfMs);
    const sets = expandGrid(req.base, req.axes);
    const notes = [...data.notes];
    if (req.split !== undefined) return runSplitReport(req, ctx, data, sets, notes, tfMs);
    if (req.isGrid) return runGridReport(req, ctx, data, sets, notes);
    const result = runBacktest({
      bars: data.bars,
      signals: rollingSignals(data.bars, req.base.window, req.base.mode),
      params: req.base,
      funding: data.funding,
    });
    notes.push(...resultNotes(result));
    writeFiles(req, result);
    if (req.json) {
      ctx.stdout.write(
        JSON.stringify({
          params: paramsJson(req, data, req.base),
          summary: result.summary,
          trades: result.trades,
          equity: equityPairs(result),
          notes,
        }) + '\n',
      );
    } else {
      const lines = [
        rangeLine(req.y, req.x, req.tf, tfMs, data.bars.ts),
        paramsLine(req.base, req.funding),
        ...summaryLines(result.summary, req.base.notional),
        ...tradeTable(result.trades),
      ];
      ctx.stdout.write(lines.join('\n') + '\n');
      printNotes(ctx, notes);
    }
    return 0;
  },
};

interface LoadedData {
  readonly yBars: ReturnType<typeof loadPairBars>['y'];
  readonly xBars: ReturnType<typeof loadPairBars>['x'];
  readonly bars: BacktestBars;
  readonly funding: PairFunding | null;
  readonly notes: string[];
}

/** The pair's bars and funding, or one line saying why there is nothing to backtest. */
function loadData(req: BacktestRequest, ctx: CliContext, tfMs: number): LoadedData {
  const dbPath = resolveDbPath(req.db, ctx);
  if (!existsSync(dbPath)) throw new CliFailure(`no database at ${dbPath} (record or import data first, or pass --db)`);
  const store = openStoreForCli(dbPath, { readonly: true });
  try {
    const known = store.listSymbols();
    for (const s of [req.y, req.x]) {
      if (!known.includes(s))
        throw new CliFailure(
          `unknown symbol ${s}: the database has no data for it${known.length ? ` (it has ${known.join(', ')})` : ''}`,
        );
    }
    const legs = loadPairBars(store, req);
    const where = rangeText(req);
    for (const [s, bars] of [
      [req.y, legs.y],
      [req.x, legs.x],
    ] as const)
      if (bars.length === 0) throw new CliFailure(`no ${s} ${req.tf} bars ${where}`);
    const bars = alignBacktestBars(legs.y, legs.x, tfMs);
    const maxW = Math.max(...req.axes.window);
    if (bars.ts.length <= maxW) {
      throw new CliFailure(
        `only ${bars.ts.length} aligned ${req.tf} points ${where}; --window ${maxW} needs more than ${maxW} (the first fill follows a full window)`,
      );
    }
    const end = bars.ts.at(-1)! + tfMs;
    const loaded =
      req.funding === 'auto' ? loadPairFunding(store.db, req, bars.ts[0]!, end) : { funding: null, notes: [] };
    return { yBars: legs.y, xBars: legs.x, bars, funding: loaded.funding, notes: loaded.notes };
  } finally {
    store.close();
  }
}

function rangeText(req: BacktestRequest): string {
  if (req.from === undefined && req.to === undefined) return 'in the database';
  const t = (ms: number | undefined) => (ms === undefined ? '…' : new Date(ms).toISOString());
  return `in [${t(req.from)}, ${t(req.to)})`;
}

function runGridReport(
  req: BacktestRequest,
  ctx: CliContext,
  data: LoadedData,
  sets: BacktestParams[],
  notes: string[],
): number {
  const bar = progressBar(ctx, 'backtest');
  let rows;
  try {
    rows = runGrid(data.bars, sets, data.funding, (done, total) => bar.update(done, total));
  } finally {
    bar.stop();
  }
  const best = bestRow(rows)!;
  if (req.tradesFile !== undefined || req.equityFile !== undefined) {
    writeFiles(
      req,
      runBacktest({
        bars: data.bars,
        signals: rollingSignals(data.bars, best.params.window, best.params.mode),
        params: best.params,
        funding: data.funding,
      }),
    );
  }
  if (req.json) {
    const out = {
      params: gridParamsJson(req, data),
      rows: rows.map((r) => ({ params: rowParams(r.params), summary: r.summary })),
      best: { params: rowParams(best.params), summary: best.summary },
      notes,
    };
    ctx.stdout.write(JSON.stringify(out) + '\n');
  } else {
    const lines = [
      rangeLine(req.y, req.x, req.tf, data.bars.tfMs, data.bars.ts),
      costsLine(req.base, req.funding),
      `${rows.length} combinations:`,
      ...gridTable(rows, best),
    ];
    ctx.stdout.write(lines.join('\n') + '\n');
    printNotes(ctx, notes);
  }
  return 0;
}

function runSplitReport(
  req: BacktestRequest,
  ctx: CliContext,
  data: LoadedData,
  sets: BacktestParams[],
  notes: string[],
  tfMs: number,
): number {
  const from = req.from ?? data.bars.ts[0]!;
  const to = req.to ?? data.bars.ts.at(-1)! + tfMs;
  const splitTs = splitTime(from, to, req.split!);
  const maxW = Math.max(...req.axes.window);
  const inPoints = data.bars.ts.filter((t) => t < splitTs).length;
  if (inPoints <= maxW || data.bars.ts.length - inPoints <= maxW) {
    throw new CliFailure(
      `--split ${req.split}: ${inPoints} points before ${new Date(splitTs).toISOString()} and ${data.bars.ts.length - inPoints} after; --window ${maxW} needs more than ${maxW} on each side`,
    );
  }
  const bar = progressBar(ctx, 'backtest');
  let split;
  try {
    split = runSplit(data.yBars, data.xBars, tfMs, sets, splitTs, data.funding, (done, total) =>
      bar.update(done, total),
    );
  } finally {
    bar.stop();
  }
  const oos = split.outOfSample;
  if (oos.ts.length <= oos.params.window)
    throw new CliFailure(
      `--split ${req.split}: only ${oos.ts.length} aligned points after the split; --window ${oos.params.window} needs more`,
    );
  notes.push(...resultNotes(oos));
  writeFiles(req, oos);
  const best = split.inSample.best;
  if (req.json) {
    const out = {
      params: { ...gridParamsJson(req, data), split: req.split },
      split: { fraction: req.split, splitTs },
      inSample: {
        from,
        to: splitTs,
        points: inPoints,
        rows: split.inSample.rows.map((r) => ({ params: rowParams(r.params), summary: r.summary })),
        best: { params: rowParams(best.params), summary: best.summary },
      },
      outOfSample: {
        from: splitTs,
        to,
        points: oos.ts.length,
        params: rowParams(oos.params),
        summary: oos.summary,
        trades: oos.trades,
        equity: equityPairs(oos),
      },
      warning: IN_SAMPLE_WARNING,
      notes,
    };
    ctx.stdout.write(JSON.stringify(out) + '\n');
  } else {
    const p = best.params;
    const lines = [
      rangeLine(req.y, req.x, req.tf, tfMs, data.bars.ts),
      `split at ${new Date(splitTs).toISOString()} (${req.split}): the grid judged on the ${inPoints} points before it`,
      ...gridTable(split.inSample.rows, best),
      '',
      `best in-sample: window ${p.window}  entry ${p.entry}  exit ${p.exit}  stop ${p.stop ?? '-'}, run unchanged on the ${oos.ts.length} points after the split:`,
      ...sideBySide(best.summary, oos.summary),
      '',
      IN_SAMPLE_WARNING,
    ];
    ctx.stdout.write(lines.join('\n') + '\n');
    printNotes(ctx, notes);
  }
  return 0;
}

function paramsJson(req: BacktestRequest, data: LoadedData, p: BacktestParams) {
  return {
    y: req.y,
    x: req.x,
    tf: req.tf,
    from: data.bars.ts[0]!,
    to: data.bars.ts.at(-1)! + data.bars.tfMs,
    points: data.bars.ts.length,
    window: p.window,
    mode: p.mode,
    entry: p.entry,
    exit: p.exit,
    stop: p.stop,
    maxHold: p.maxHold,
    notional: p.notional,
    feeBps: p.feeBps,
    slippageBps: p.slippageBps,
    funding: req.funding,
  };
}

function gridParamsJson(req: BacktestRequest, data: LoadedData) {
  return {
    ...paramsJson(req, data, req.base),
    window: req.axes.window,
    entry: req.axes.entry,
    exit: req.axes.exit,
    stop: req.axes.stop,
  };
}

function resultNotes(r: BacktestResult): string[] {
  const notes: string[] = [];
  if (r.skippedNegativeBeta > 0)
    notes.push(
      `${r.skippedNegativeBeta} entry signal(s) skipped: beta ≤ 0 at the signal (no pair trade with same-sign legs)`,
    );
  if (r.trades.at(-1)?.reason === 'end')
    notes.push('the last trade was still open at the end: closed at the last close (reason end, fees but no slippage)');
  return notes;
}

function printNotes(ctx: CliContext, notes: readonly string[]): void {
  for (const n of notes) ctx.stderr.write(`note: ${n}\n`);
}

function writeFiles(req: BacktestRequest, r: BacktestResult): void {
  for (const [flag, file, text] of [
    ['--trades', req.tradesFile, () => tradesCsv(r.trades)],
    ['--equity', req.equityFile, () => equityCsv(r)],
  ] as const) {
    if (file === undefined) continue;
    try {
      writeFileSync(file, text());
    } catch (err) {
      throw new CliFailure(
        `${flag} ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  }
}
