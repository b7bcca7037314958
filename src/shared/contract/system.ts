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

export const systemEvents = {
  'system.onDidChangeStatus': engineStatusSchema,
};
