import { z } from 'zod';
import { symbolSchema } from '../market';
import { defineRequest } from './define';

/** 'finished': a replay that played every file to its end (unlike 'stopped', nothing went wrong). */
export const feedStateSchema = z.enum(['idle', 'connecting', 'live', 'reconnecting', 'backfilling', 'stale', 'stopped', 'finished']);
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
  /** Why the current source could not start (e.g. Binance unreachable); null when it runs. */
  sourceError: z.string().nullable().optional(),
  /** Something the user should read until they act (e.g. the offline fallback to the demo). */
  notice: z.string().nullable().optional(),
  symbols: z.array(symbolStatusSchema),
  dbPath: z.string(),
  dbSizeBytes: z.number(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

/** What the engine streams from. Endpoints for live are the engine's own settings, never the caller's. */
export const sourceConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('demo'), seed: z.number().int().optional() }).strict(),
  z
    .object({
      kind: z.literal('live'),
      symbols: z.array(symbolSchema).min(1).max(100),
      stream: z.enum(['aggTrade', 'trade']).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('replay'),
      files: z.array(z.string().regex(/\.(db|sqlite3?|jsonl|json|log|gz)$/i, 'replay takes .db, .jsonl or .gz files')).min(1).max(50),
      speed: z.number().min(0).max(10_000).optional(),
    })
    .strict(),
]);
export type SourceSetting = z.infer<typeof sourceConfigSchema>;

export const systemRequests = {
  /** Switch the tick source (connect live, disconnect, demo, replay); answers the new status. */
  'system.setSource': defineRequest(sourceConfigSchema, engineStatusSchema),
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
