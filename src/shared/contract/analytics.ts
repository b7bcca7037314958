import { z } from 'zod';
import { MAX_FOLD_BUCKETS } from '../barFolding';
import { symbolSchema, timeframeSchema } from '../market';
import { defineRequest } from './define';

const num = z.number();
const crit = z.object({ '1%': num, '5%': num, '10%': num });
const statsSchema = z.object({
  last: num,
  mean: num,
  std: num,
  high: num,
  low: num,
  vwap: num.nullable(),
  return: num,
});

/** Spread definitions (../shared/specs/analytics.md): the prices the spread is built on. */
export const SPREAD_MODES = ['raw', 'log', 'ratio'] as const;
export type SpreadMode = (typeof SPREAD_MODES)[number];
/** How the spread's hedge ratio is estimated (ratio mode fixes β ≡ 1 and ignores it). */
export const HEDGE_METHODS = ['ols', 'kalman', 'theil-sen'] as const;
export type HedgeMethod = (typeof HEDGE_METHODS)[number];
export const DEFAULT_SPREAD_MODE: SpreadMode = 'raw';
export const DEFAULT_HEDGE_METHOD: HedgeMethod = 'ols';

/**
 * A pair (Y on X) evaluated on a timeframe over a rolling window of W aligned points, with
 * the spread's definition: `mode` (default raw) and `hedge` (default ols). Both are
 * optional so stored alert rules and every older caller keep meaning raw OLS.
 */
export const pairSpecSchema = z
  .object({
    y: symbolSchema,
    x: symbolSchema,
    tf: timeframeSchema,
    window: z.number().int().min(10).max(100_000),
    mode: z.enum(SPREAD_MODES).optional(),
    hedge: z.enum(HEDGE_METHODS).optional(),
  })
  .strict();
export type PairSpec = z.infer<typeof pairSpecSchema>;

/** The spread definition a spec means, defaults filled in; ratio mode has no hedge to choose. */
export function spreadDefinition(p: Pick<PairSpec, 'mode' | 'hedge'>): { mode: SpreadMode; hedge: HedgeMethod } {
  const mode = p.mode ?? DEFAULT_SPREAD_MODE;
  return { mode, hedge: mode === 'ratio' ? DEFAULT_HEDGE_METHOD : (p.hedge ?? DEFAULT_HEDGE_METHOD) };
}

/**
 * The one key of a pair evaluation: maps, coalescer topics and the watch set use it. The
 * spread definition is appended only when it is not the default, so raw OLS keys are the
 * ones they always were (and ratio mode ignores the hedge, as the figures do).
 */
export function pairKey(p: PairSpec): string {
  const d = spreadDefinition(p);
  const base = `${p.y}|${p.x}|${p.tf}|${p.window}`;
  if (d.mode === DEFAULT_SPREAD_MODE && d.hedge === DEFAULT_HEDGE_METHOD) return base;
  return `${base}|${d.mode}|${d.hedge}`;
}

export function samePair(a: PairSpec, b: PairSpec): boolean {
  return pairKey(a) === pairKey(b);
}

/** Exactly the `tickscope analyze --json` shape (../shared/specs/cli.md); null = could not compute. */
export const pairAnalyticsSchema = z.object({
  y: z.string(),
  x: z.string(),
  tf: z.string(),
  window: z.number(),
  /** The spread definition the spread, ADF and half-life figures use. */
  mode: z.enum(SPREAD_MODES),
  hedge: z.enum(HEDGE_METHODS),
  /** The hedge line of the spread (ratio: alpha 0, beta 1; kalman: its last state, beta in
   * the mode's units and alpha in log units; ols / theil-sen: the window's fit). */
  hedgeRatio: z.object({ alpha: num, beta: num }).nullable(),
  n: z.number(),
  end: z.number(),
  stats: z.record(z.string(), statsSchema.nullable()),
  ols: z.object({ alpha: num, beta: num, r2: num }).nullable(),
  spread: z.object({ last: num, mean: num, std: num, z: num }).nullable(),
  correlation: num.nullable(),
  adf: z.object({ stat: num, pvalue: num, usedlag: num, nobs: num, crit, icbest: num.nullable() }).nullable(),
  coint: z.object({ stat: num, pvalue: num, crit }).nullable(),
  halfLife: num.nullable(),
  /** beta in the price mode's units (raw: betaLog · y/x at the last point); the rest log units. */
  kalman: z.object({ beta: num, alpha: num, error: num, errorStd: num, betaLog: num, alphaLog: num }).nullable(),
  robust: z.object({
    theilSen: z.object({ alpha: num, beta: num }).nullable(),
    huber: z.object({ alpha: num, beta: num }).nullable(),
  }),
});
export type PairAnalyticsJson = z.infer<typeof pairAnalyticsSchema>;

/** A full evaluation with why each missing figure is missing and when it was computed. */
export const analyticsSnapshotSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    pair: pairSpecSchema,
    value: pairAnalyticsSchema,
    issues: z.record(z.string(), z.object({ reason: z.string(), message: z.string() })),
    /** Wall-clock ms when the figures were computed (the UI shows their age). */
    computedAt: z.number(),
    /** How long the computation took in the worker. */
    computeMs: z.number(),
  }),
  z.object({
    ok: z.literal(false),
    pair: pairSpecSchema,
    reason: z.string(),
    message: z.string(),
    available: z.number(),
    computedAt: z.number(),
  }),
]);
export type AnalyticsSnapshot = z.infer<typeof analyticsSnapshotSchema>;

/** One point of the rolling series charts draw; null where not yet defined. */
export const rollingPointSchema = z.object({
  ts: num,
  y: num,
  x: num,
  alpha: num.nullable(),
  beta: num.nullable(),
  r2: num.nullable(),
  spread: num.nullable(),
  spreadStd: num.nullable(),
  z: num.nullable(),
  correlation: num.nullable(),
  kalmanBeta: num.nullable(),
  kalmanAlpha: num.nullable(),
});
export type RollingPoint = z.infer<typeof rollingPointSchema>;

export const rollingSeriesSchema = z.object({
  pair: pairSpecSchema,
  points: z.array(rollingPointSchema),
});
export type RollingSeries = z.infer<typeof rollingSeriesSchema>;

/** analytics.getSeries: the series, thinned when `buckets` was asked (then `spanMs` is the fold). */
export const seriesAnswerSchema = rollingSeriesSchema.extend({ spanMs: z.number().int().positive().optional() });
export type SeriesAnswer = z.infer<typeof seriesAnswerSchema>;

export const analyticsRequests = {
  /** Every analytic on the W aligned points ending at `to` (default: latest). */
  'analytics.getSnapshot': defineRequest(
    pairSpecSchema.extend({ to: z.number().int().nonnegative().optional() }).strict(),
    analyticsSnapshotSchema,
  ),
  /**
   * The rolling series (spread, z, beta, correlation, Kalman beta) over a range. With
   * `buckets` (a chart's width in pixels), a first look at a long range: per time fold the
   * points with the lowest and highest z and always the last point (`spanMs` says the fold).
   */
  'analytics.getSeries': defineRequest(
    pairSpecSchema
      .extend({
        from: z.number().int().nonnegative().optional(),
        to: z.number().int().nonnegative().optional(),
        limit: z.number().int().positive().max(500_000).optional(),
        buckets: z.number().int().positive().max(MAX_FOLD_BUCKETS).optional(),
      })
      .strict(),
    seriesAnswerSchema,
  ),
  /** The pair the engine evaluates live and pushes updates for. */
  'analytics.watchPair': defineRequest(pairSpecSchema, z.object({ watching: pairSpecSchema })),
};

export const analyticsEvents = {
  /** New rolling points (the last may be the forming bar), coalesced to <= 10 Hz. */
  'analytics.onDidUpdateSeries': rollingSeriesSchema,
  /** A fresh full evaluation (ADF, coint, ... at a bounded cadence). */
  'analytics.onDidUpdateSnapshot': analyticsSnapshotSchema,
};
