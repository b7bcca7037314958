import { z } from 'zod';
import { symbolSchema } from '../market';
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

/**
 * Replay reads files on the engine's machine, so a client may only name files the user
 * granted: picked in the app's file dialog (Electron) or named on the command line
 * (`tickscope serve --source replay FILE…`, the only way in a browser). Any other path is
 * refused without saying whether it exists.
 */
export const replayFilesSchema = z.object({
  /** Absolute paths the engine will replay, in the order they were granted. */
  files: z.array(z.string()),
  /** Whether system.pickReplayFiles can open a file dialog here (Electron: yes; a browser: no). */
  canPick: z.boolean(),
});
export type ReplayFiles = z.infer<typeof replayFilesSchema>;

export const systemRequests = {
  /** Switch the tick source (connect live, disconnect, demo, replay); answers the new status. */
  'system.setSource': defineRequest(sourceConfigSchema, engineStatusSchema),
  /** The files replay may read (see replayFilesSchema). */
  'system.listReplayFiles': defineRequest(z.object({}).strict(), replayFilesSchema),
  /** Opens the file dialog; the chosen files are granted and answered (none when cancelled). */
  'system.pickReplayFiles': defineRequest(z.object({}).strict(), z.object({ files: z.array(z.string()) })),
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
