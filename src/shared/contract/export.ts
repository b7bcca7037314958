import { z } from 'zod';
import { symbolSchema, timeframeSchema } from '../market';
import { pairSpecSchema } from './analytics';
import { defineRequest } from './define';

const timeMs = z.number().int().nonnegative();

/**
 * What to export: the CLI's `export ticks` / `export bars` (Parquet too), the analytics series,
 * and the latest saved scan's table (scanner.getResult; the columns of the Parquet scan table).
 */
export const exportRequestSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('ticks'),
      symbol: symbolSchema,
      from: timeMs.optional(),
      to: timeMs.optional(),
      format: z.enum(['csv', 'json', 'jsonl', 'parquet']),
    })
    .strict(),
  z
    .object({
      kind: z.literal('bars'),
      symbol: symbolSchema,
      tf: timeframeSchema,
      from: timeMs.optional(),
      to: timeMs.optional(),
      format: z.enum(['csv', 'json', 'parquet']),
    })
    .strict(),
  z
    .object({
      kind: z.literal('series'),
      pair: pairSpecSchema,
      from: timeMs.optional(),
      to: timeMs.optional(),
      format: z.literal('csv'),
    })
    .strict(),
  z.object({ kind: z.literal('scan'), format: z.enum(['csv', 'parquet']) }).strict(),
]);
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export const exportResultSchema = z.discriminatedUnion('status', [
  /** Written to the file the user chose in the native save dialog. */
  z.object({ status: z.literal('saved'), id: z.string(), path: z.string(), rows: z.number() }),
  z.object({ status: z.literal('cancelled'), id: z.string() }),
  /** Browser mode: fetch this same-origin URL (once) to download the file. */
  z.object({ status: z.literal('download'), id: z.string(), url: z.string(), fileName: z.string() }),
]);
export type ExportResult = z.infer<typeof exportResultSchema>;

export const exportProgressSchema = z.object({
  id: z.string(),
  rows: z.number(),
  done: z.boolean(),
  /** Set when the export failed; nothing half-written is left at the target path. */
  error: z.string().optional(),
  path: z.string().optional(),
});
export type ExportProgress = z.infer<typeof exportProgressSchema>;

export const exportRequests = {
  'export.run': defineRequest(exportRequestSchema, exportResultSchema),
};

export const exportEvents = {
  'export.onDidProgress': exportProgressSchema,
};
