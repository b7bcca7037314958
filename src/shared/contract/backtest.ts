import { z } from 'zod';
import { symbolSchema, timeframeSchema } from '../market';
import { defineRequest } from './define';

/**
 * The pair backtest as a job (../shared/specs/backtest.md): `backtest.run` checks the
 * request and answers at once with a job id; the job runs off the engine's main thread and
 * reports `backtest.onDidProgress` (rows done of total) and exactly one
 * `backtest.onDidFinish` (done with the whole result, cancelled, or failed with one line).
 * `backtest.cancel` stops it; nothing of a cancelled job is reported after its finish.
 *
 * The request is `tickscope backtest`'s flags as JSON: a comma list there is an array here,
 * and every combination of window × entry × exit × stop is one grid row.
 */

/** More combinations than this are refused: a grid that size is a batch job for the CLI. */
export const MAX_BACKTEST_COMBINATIONS = 500;

/** What a split run says beside its in-sample column (the CLI prints the same line). */
export const IN_SAMPLE_WARNING =
  'In-sample figures are the best of the grid on data the choice has seen: they overstate what to expect. The out-of-sample column is the honest estimate.';

const timeMs = z.number().int().nonnegative();
const num = z.number();
const finite = (what: string) => z.number({ error: `${what} must be a number` });

/** A swept parameter: one value or several, duplicates dropped (as the CLI's lists). */
function axis<T extends z.ZodType<number | null>>(item: T, what: string) {
  return z
    .array(item)
    .min(1, `give at least one ${what}`)
    .max(100, `at most 100 ${what} values`)
    .transform((values) => [...new Set(values)] as z.output<T>[]);
}

export const backtestRunRequestSchema = z
  .object({
    y: symbolSchema,
    x: symbolSchema,
    tf: timeframeSchema,
    /** Range [from, to) of bar starts; either end open. */
    from: timeMs.optional(),
    to: timeMs.optional(),
    mode: z.enum(['raw', 'log']).default('raw'),
    window: axis(
      z
        .number()
        .int('a window is a whole number of points')
        .min(10, 'a window is at least 10 points')
        .max(100_000, 'a window is at most 100000 points'),
      'window',
    ),
    entry: axis(finite('entry').positive('entry must be a positive z'), 'entry').default([2]),
    exit: axis(finite('exit'), 'exit').default([0]),
    /** null: no stop. */
    stop: axis(finite('stop').positive('stop must be a positive z').nullable(), 'stop').default([null]),
    maxHold: z
      .number()
      .int('maxHold is a whole number of bars')
      .min(1, 'maxHold is at least 1 bar')
      .nullable()
      .default(null),
    notional: finite('notional').positive('notional must be positive').default(10_000),
    feeBps: finite('feeBps').nonnegative('feeBps cannot be negative').default(5),
    slippageBps: finite('slippageBps')
      .nonnegative('slippageBps cannot be negative')
      .lt(10_000, 'slippageBps must be below 10000')
      .default(1),
    /** auto: the stored funding rates (a leg without any in the range is named in notes). */
    funding: z.enum(['auto', 'none']).default('auto'),
    /** Judge the grid on this first fraction of the range, run its best row on the rest. */
    split: finite('split')
      .gt(0, 'split is a fraction between 0 and 1')
      .lt(1, 'split is a fraction between 0 and 1')
      .optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.y === r.x)
      ctx.addIssue({
        code: 'custom',
        path: ['x'],
        message: 'a pair needs two different symbols (y and x are the same)',
      });
    if (r.from !== undefined && r.to !== undefined && r.to <= r.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    const combos = r.window.length * r.entry.length * r.exit.length * r.stop.length;
    if (combos > MAX_BACKTEST_COMBINATIONS) {
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: `${combos} combinations; at most ${MAX_BACKTEST_COMBINATIONS} (use tickscope backtest for larger grids)`,
      });
    }
    // The same rules as the core's paramsProblem, per combination, so a form can name the
    // field. (Refinements run even after a field failed: a bad entry is reported once.)
    const entries = r.entry.filter((e) => e > 0);
    const badExit = entries.flatMap((e) => r.exit.filter((x) => e <= x).map((x) => [e, x] as const))[0];
    if (badExit)
      ctx.addIssue({
        code: 'custom',
        path: ['exit'],
        message: `entry (${badExit[0]}) must be greater than exit (${badExit[1]})`,
      });
    const badStop = entries.flatMap((e) =>
      r.stop.filter((s): s is number => s !== null && s > 0 && s <= e).map((s) => [e, s] as const),
    )[0];
    if (badStop)
      ctx.addIssue({
        code: 'custom',
        path: ['stop'],
        message: `stop (${badStop[1]}) must be greater than entry (${badStop[0]})`,
      });
  });
export type BacktestRunRequest = z.output<typeof backtestRunRequestSchema>;
export type BacktestRunDraft = z.input<typeof backtestRunRequestSchema>;

export const backtestSummarySchema = z.object({
  netPnl: num,
  grossPnl: num,
  returnPct: num,
  trades: z.number().int().nonnegative(),
  winRate: num.nullable(),
  avgBarsHeld: num.nullable(),
  maxBarsHeld: num.nullable(),
  exposure: num.nullable(),
  fees: num,
  funding: num,
  maxDrawdown: num,
  maxDrawdownPct: num,
  sharpe: num.nullable(),
  sharpeNoCosts: num.nullable(),
});
export type BacktestSummary = z.infer<typeof backtestSummarySchema>;

/** One round trip, the spec's report fields (prices are fill prices). */
export const backtestTradeSchema = z.object({
  entryTs: num,
  exitTs: num,
  side: z.enum(['long', 'short']),
  reason: z.enum(['exit', 'stop', 'maxHold', 'end']),
  betaE: num,
  qY: num,
  qX: num,
  entryY: num,
  entryX: num,
  exitY: num,
  exitX: num,
  gross: num,
  fees: num,
  funding: num,
  net: num,
  barsHeld: num,
});
export type BacktestTrade = z.infer<typeof backtestTradeSchema>;

/** The swept parameters of one grid row. */
export const backtestComboSchema = z.object({ window: z.number().int(), entry: num, exit: num, stop: num.nullable() });
export type BacktestCombo = z.infer<typeof backtestComboSchema>;

export const backtestParamsSchema = backtestComboSchema.extend({
  mode: z.enum(['raw', 'log']),
  maxHold: z.number().int().nullable(),
  notional: num,
  feeBps: num,
  slippageBps: num,
});
export type BacktestRunParams = z.infer<typeof backtestParamsSchema>;

/** Where a trade's signal was: the point whose close decided it, and z there. */
export const backtestMarkSchema = z.object({
  /** Index into the run's trades. */
  trade: z.number().int().nonnegative(),
  kind: z.enum(['entry', 'exit']),
  /** Start of the signal point (an `end` exit: the last point). */
  ts: num,
  z: num.nullable(),
});
export type BacktestMark = z.infer<typeof backtestMarkSchema>;

/** One backtest in full: what the summary cards, equity chart, markers and trade table show. */
export const backtestRunSchema = z.object({
  /** full: the whole range; in / out: the two sides of a split. */
  part: z.enum(['full', 'in', 'out']),
  params: backtestParamsSchema,
  from: num,
  to: num,
  points: z.number().int().nonnegative(),
  summary: backtestSummarySchema,
  trades: z.array(backtestTradeSchema),
  marks: z.array(backtestMarkSchema),
  /**
   * Per aligned point (ts = its start): equity at its close after every cost (net), the same
   * before fees and funding (gross: fills with slippage, as the trades' gross), and the
   * position held (1 long spread, −1 short, 0 flat).
   */
  curve: z.object({ ts: z.array(num), net: z.array(num), gross: z.array(num), position: z.array(num) }),
  /** Entry signals skipped because beta ≤ 0 there. */
  skippedNegativeBeta: z.number().int().nonnegative(),
});
export type BacktestRun = z.infer<typeof backtestRunSchema>;

export const backtestResultSchema = z.object({
  y: z.string(),
  x: z.string(),
  tf: timeframeSchema,
  /** The aligned points backtested: [from, to) and how many. */
  from: num,
  to: num,
  points: z.number().int().nonnegative(),
  funding: z.enum(['auto', 'none']),
  /** One summary row per combination, window outermost (with a split: on the in-sample part). */
  rows: z.array(z.object({ params: backtestComboSchema, summary: backtestSummarySchema })),
  /** Index of the row with the highest Sharpe after costs. */
  best: z.number().int().nonnegative(),
  /** The best row in full: one run, or with a split the in-sample and the out-of-sample run. */
  runs: z.array(backtestRunSchema).min(1),
  split: z
    .object({
      fraction: num,
      splitTs: num,
      inSample: z.object({ from: num, to: num, points: z.number().int() }),
      outOfSample: z.object({ from: num, to: num, points: z.number().int() }),
    })
    .optional(),
  /** IN_SAMPLE_WARNING whenever there is a split. */
  warning: z.string().optional(),
  /** What the figures leave out (funding not stored, skipped signals, a trade still open). */
  notes: z.array(z.string()),
});
export type BacktestResult = z.infer<typeof backtestResultSchema>;

export const backtestProgressSchema = z.object({
  id: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().positive(),
});
export type BacktestProgress = z.infer<typeof backtestProgressSchema>;

export const backtestFinishSchema = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('done'), result: backtestResultSchema }),
  z.object({ id: z.string(), status: z.literal('cancelled') }),
  /** One line saying why (no such symbol, too few points, …). */
  z.object({ id: z.string(), status: z.literal('failed'), error: z.string() }),
]);
export type BacktestFinish = z.infer<typeof backtestFinishSchema>;

const jobId = z.string().min(1).max(100);

export const backtestRequests = {
  /** Starts a job; `total` is how many backtests it will run (the progress bar's end). */
  'backtest.run': defineRequest(backtestRunRequestSchema, z.object({ id: jobId, total: z.number().int().positive() })),
  /** cancelled: false when no such job is running (it had already finished). */
  'backtest.cancel': defineRequest(z.object({ id: jobId }).strict(), z.object({ cancelled: z.boolean() })),
};

export const backtestEvents = {
  /** Backtests done of the job's total, at most 10 per second per job. */
  'backtest.onDidProgress': backtestProgressSchema,
  /** Once per job, after its last progress. */
  'backtest.onDidFinish': backtestFinishSchema,
};
