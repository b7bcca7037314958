import { z } from 'zod';
import { defineRequest } from './define';

export const feedStateSchema = z.enum(['idle', 'connecting', 'live', 'reconnecting', 'backfilling', 'stale', 'stopped']);
export type FeedState = z.infer<typeof feedStateSchema>;

export const symbolStatusSchema = z.object({
  symbol: z.string(),
  state: feedStateSchema,
  messagesPerSec: z.number(),
  ticksStored: z.number(),
  lastTickTs: z.number().nullable(),
  gapsFound: z.number(),
  gapsFilled: z.number(),
  rejects: z.number(),
});
export type SymbolStatus = z.infer<typeof symbolStatusSchema>;

export const engineStatusSchema = z.object({
  version: z.string(),
  source: z.enum(['live', 'replay', 'demo', 'none']),
  symbols: z.array(symbolStatusSchema),
  dbPath: z.string(),
  dbSizeBytes: z.number(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

export const systemRequests = {
  'system.ping': defineRequest(z.object({}).strict(), z.object({ now: z.number() })),
  'system.getStatus': defineRequest(z.object({}).strict(), engineStatusSchema),
};

export const engineLogSchema = z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string() });
export type EngineLog = z.infer<typeof engineLogSchema>;

export const systemEvents = {
  'system.onDidChangeStatus': engineStatusSchema,
  /** Engine problems the user should see (a toast), which no request is waiting to hear. */
  'system.onDidLog': engineLogSchema,
  /** The user clicked a native alert notification: show this symbol or pair at this time. */
  'system.onDidRequestFocus': z.object({
    symbol: z.string().optional(),
    pair: z.object({ y: z.string(), x: z.string(), tf: z.string(), window: z.number() }).optional(),
    ts: z.number(),
  }),
};
