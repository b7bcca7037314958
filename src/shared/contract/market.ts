import { z } from 'zod';
import { MAX_FOLD_BUCKETS } from '../barFolding';
import { barSchema, symbolSchema, timeframeSchema } from '../market';
import { defineRequest } from './define';

const timeMs = z.number().int().nonnegative();

export const getBarsRequestSchema = z
  .object({
    symbol: symbolSchema,
    tf: timeframeSchema,
    from: timeMs.optional(),
    to: timeMs.optional(),
    /** Most recent `limit` bars of the range. */
    limit: z.number().int().positive().max(500_000).optional(),
  })
  .strict();

export const getBarOverviewRequestSchema = getBarsRequestSchema
  .extend({
    /** About how many folded bars to return: the chart's width in pixels. */
    buckets: z.number().int().positive().max(MAX_FOLD_BUCKETS),
  })
  .strict();

export const marketRequests = {
  'market.listSymbols': defineRequest(z.object({}).strict(), z.object({ symbols: z.array(z.string()) })),
  'market.getBars': defineRequest(getBarsRequestSchema, z.object({ bars: z.array(barSchema) })),
  /**
   * The same bars folded into about `buckets` bars of `spanMs` each (src/shared/barFolding.ts):
   * what a chart draws of a long range anyway, at a small fraction of the bytes, so a day of
   * 1 s bars shows at once while the full detail follows.
   */
  'market.getBarOverview': defineRequest(
    getBarOverviewRequestSchema,
    z.object({ bars: z.array(barSchema), spanMs: z.number().int().positive(), count: z.number().int().nonnegative() }),
  ),
  /** Symbols to pick from: the exchange's trading USD-M symbols when reachable, else the stored ones. */
  'market.listExchangeSymbols': defineRequest(
    z.object({}).strict(),
    z.object({ symbols: z.array(z.string()), origin: z.enum(['exchange', 'stored']), error: z.string().optional() }),
  ),
};

export const barsUpdateSchema = z.object({
  symbol: z.string(),
  tf: timeframeSchema,
  /** Bars changed since the last push, ascending; the last one may still be forming. */
  bars: z.array(barSchema),
});
export type BarsUpdate = z.infer<typeof barsUpdateSchema>;

export const marketEvents = {
  'market.onDidUpdateBars': barsUpdateSchema,
};
