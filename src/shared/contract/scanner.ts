import { z } from 'zod';
import { symbolSchema, timeframeSchema } from '../market';
import { defineRequest } from './define';

/**
 * The pair scanner as a job (../shared/specs/scanner.md): `scanner.run` checks the request
 * and answers at once with a job id; the scan runs in the engine's worker pool and reports
 * `scanner.onDidProgress` (pairs done of total, and the phase) and exactly one
 * `scanner.onDidFinish`. A finished scan is saved in the database: `scanner.getResult`
 * answers the latest one (its ranked table, what was asked and when it ran), so reopening
 * the app shows the last scan. `scanner.cancel` stops a running scan; nothing of it is saved.
 *
 * The request is `tickscope scan`'s flags as JSON, with one more universe: the symbols of
 * the user's watchlist.
 */

const timeMs = z.number().int().nonnegative();
const num = z.number();
const share = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .gt(0, `${what} must be in (0, 1]`)
    .lte(1, `${what} must be in (0, 1]`);

/** Defaults, as the CLI's (../shared/specs/scanner.md). */
export const SCAN_DEFAULTS = { bars: 1440, minCoverage: 0.9, minPoints: 200, fdr: 0.05 } as const;

export const scanUniverseSchema = z.discriminatedUnion('kind', [
  /** Every symbol with stored bars of the timeframe in the range. */
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.literal('list'),
      symbols: z
        .array(symbolSchema)
        .transform((list) => [...new Set(list)])
        .refine((list) => list.length >= 2, 'a scan needs at least two different symbols'),
    })
    .strict(),
  /** The symbols of the pairs on the user's watchlist. */
  z.object({ kind: z.literal('watchlist') }).strict(),
]);
export type ScanUniverse = z.output<typeof scanUniverseSchema>;

export const scanRunRequestSchema = z
  .object({
    universe: scanUniverseSchema,
    tf: timeframeSchema,
    /** Bar starts in [from, to): both or neither (then the last `bars` intervals). */
    from: timeMs.optional(),
    to: timeMs.optional(),
    bars: z
      .number()
      .int('bars is a whole number')
      .min(2, 'bars must be at least 2')
      .max(1_000_000, 'bars must be at most 1000000')
      .optional(),
    minCoverage: share('minCoverage').default(SCAN_DEFAULTS.minCoverage),
    minPoints: z
      .number()
      .int('minPoints is a whole number')
      .min(20, 'minPoints must be at least 20')
      .default(SCAN_DEFAULTS.minPoints),
    fdr: share('fdr').default(SCAN_DEFAULTS.fdr),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.from === undefined) !== (r.to === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [r.from === undefined ? 'from' : 'to'],
        message: 'from and to go together (or give bars)',
      });
    if (r.from !== undefined && r.to !== undefined && r.to <= r.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    if (r.from !== undefined && r.bars !== undefined)
      ctx.addIssue({ code: 'custom', path: ['bars'], message: 'bars cannot be combined with from/to' });
  });
export type ScanRunRequest = z.output<typeof scanRunRequestSchema>;
export type ScanRunDraft = z.input<typeof scanRunRequestSchema>;

const direction = z.object({ stat: num, pvalue: num });

/** One tested pair, the spec's output row (y on x is the better Engle–Granger direction). */
export const scanPairSchema = z.object({
  a: z.string(),
  b: z.string(),
  y: z.string(),
  x: z.string(),
  n: z.number().int().nonnegative(),
  corr: num,
  coint: z.object({ ab: direction, ba: direction }),
  pvalue: num,
  qvalue: num,
  significant: z.boolean(),
  beta: num,
  alpha: num,
  /** Bars; null when the spread does not revert. */
  halfLife: num.nullable(),
  zLast: num,
  crossings: z.number().int().nonnegative(),
});
export type ScanPair = z.infer<typeof scanPairSchema>;

export const scanResultSchema = z.object({
  /** What was asked (the universe as given: `watchlist` stays `watchlist`). */
  request: z.object({
    universe: scanUniverseSchema,
    tf: timeframeSchema,
    from: timeMs.optional(),
    to: timeMs.optional(),
    bars: z.number().int().optional(),
    minCoverage: num,
    minPoints: z.number().int(),
    fdr: num,
  }),
  /** Wall-clock ms when the scan finished. */
  ranAt: num,
  elapsedMs: num,
  /** The symbols scanned, the timeframe and the range [from, to) actually used. */
  universe: z.array(z.string()),
  tf: timeframeSchema,
  from: num,
  to: num,
  /** m: pairs tested (the Benjamini–Hochberg denominator). */
  tested: z.number().int().nonnegative(),
  /** Sorted by q, then p, then symbol names. */
  pairs: z.array(scanPairSchema),
  excluded: z.array(z.object({ a: z.string(), b: z.string(), reason: z.string() })),
});
export type ScanResultView = z.infer<typeof scanResultSchema>;

export const scanPhaseSchema = z.enum(['loading', 'scanning', 'ranking']);
export type ScanPhase = z.infer<typeof scanPhaseSchema>;

/** total: pairs in the universe (0 while the bars are still being read). */
export const scanProgressSchema = z.object({
  id: z.string(),
  phase: scanPhaseSchema,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type ScanProgress = z.infer<typeof scanProgressSchema>;

export const scanFinishSchema = z.discriminatedUnion('status', [
  /** Saved: `scanner.getResult` answers it (the table is not sent twice). */
  z.object({
    id: z.string(),
    status: z.literal('done'),
    tested: z.number().int().nonnegative(),
    significant: z.number().int().nonnegative(),
  }),
  z.object({ id: z.string(), status: z.literal('cancelled') }),
  /** One line saying why (unknown symbols, no bars in the range, a universe of one, …). */
  z.object({ id: z.string(), status: z.literal('failed'), error: z.string() }),
]);
export type ScanFinish = z.infer<typeof scanFinishSchema>;

const jobId = z.string().min(1).max(100);

export const scannerRequests = {
  /** Starts a scan; refused when one is running (a scan already takes every core). */
  'scanner.run': defineRequest(scanRunRequestSchema, z.object({ id: jobId })),
  /** cancelled: false when no such scan is running (it had already finished). */
  'scanner.cancel': defineRequest(z.object({ id: jobId }).strict(), z.object({ cancelled: z.boolean() })),
  /** The latest saved scan of the database in use (null: none yet), and the scan running now. */
  'scanner.getResult': defineRequest(
    z.object({}).strict(),
    z.object({ result: scanResultSchema.nullable(), running: jobId.nullable() }),
  ),
};

export const scannerEvents = {
  /** At most 10 per second per scan. */
  'scanner.onDidProgress': scanProgressSchema,
  /** Once per scan, after its last progress. */
  'scanner.onDidFinish': scanFinishSchema,
};
