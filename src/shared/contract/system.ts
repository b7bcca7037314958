import { z } from 'zod';
import { demoSymbolRefusal, isDemoSymbol } from '../demoSymbols';
import { symbolSchema } from '../market';
import { defineRequest } from './define';

/** 'finished': a replay that played every file to its end (unlike 'stopped', nothing went wrong). */
export const feedStateSchema = z.enum([
  'idle',
  'connecting',
  'live',
  'reconnecting',
  'backfilling',
  'stale',
  'stopped',
  'finished',
]);
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

/** The tick bus as the status bar shows it: this desk consuming, or this recorder publishing. */
export const busStatusSchema = z.object({
  role: z.enum(['consume', 'publish']),
  /** Server address with credentials masked. */
  url: z.string(),
  state: z.enum(['connecting', 'connected', 'reconnecting', 'error', 'stopped']),
  /** consume: messages not yet received; publish: trades stored but not yet acknowledged. */
  lagMessages: z.number(),
  /** consume: age of the newest message received while behind (0 when caught up). */
  lagSeconds: z.number(),
  lastError: z.string().nullable(),
});
export type BusStatus = z.infer<typeof busStatusSchema>;

export const storeHealthSchema = z.object({
  state: z.enum(['ok', 'write-failed']),
  error: z.string().nullable(),
  pendingTicks: z.number().int().nonnegative(),
  droppedTicks: z.number().int().nonnegative(),
});
export type StoreHealthStatus = z.infer<typeof storeHealthSchema>;

/** A gap in the stored trades that could not be filled (`tickscope gaps`): a break in the
 * data that no figure or alert reaches across. Times are those of the trades around it. */
export const unfilledGapSchema = z.object({
  symbol: z.string(),
  from: z.number().nullable(),
  to: z.number().nullable(),
  firstMissingId: z.number(),
  lastMissingId: z.number(),
});
export type UnfilledGapStatus = z.infer<typeof unfilledGapSchema>;

export const engineStatusSchema = z.object({
  version: z.string(),
  source: z.enum(['live', 'replay', 'demo', 'nats', 'none']),
  /** Why the current source could not start (e.g. Binance unreachable); null when it runs. */
  sourceError: z.string().nullable().optional(),
  /** Something the user should read until they act (e.g. the offline fallback to the demo). */
  notice: z.string().nullable().optional(),
  symbols: z.array(symbolStatusSchema),
  dbPath: z.string(),
  dbSizeBytes: z.number(),
  /** Present when the engine consumes from or publishes to the tick bus. */
  bus: busStatusSchema.nullable().optional(),

  /**
   * Whether the database takes the ticks: 'write-failed' with SQLite's message (disk full, a
   * read-only file) while writes fail; ticks are then held (pendingTicks) and retried, and
   * those given up are counted (droppedTicks).
   */
  store: storeHealthSchema.optional(),

  /** Unfilled gaps in the database: how many, and the one found last (null: none). */
  unfilledGaps: z.object({ count: z.number().int().nonnegative(), latest: unfilledGapSchema.nullable() }).optional(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

/** What the engine streams from. Endpoints for live are the engine's own settings, never the caller's. */
export const sourceConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('demo'), seed: z.number().int().optional() }).strict(),
  z
    .object({
      kind: z.literal('live'),
      // The demo's names never reach Binance (../shared/specs/cli.md: the demo stays apart).
      symbols: z
        .array(
          symbolSchema.refine((s) => !isDemoSymbol(s), { error: (issue) => demoSymbolRefusal(String(issue.input)) }),
        )
        .min(1)
        .max(100),
      stream: z.enum(['aggTrade', 'trade']).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('replay'),
      files: z
        .array(z.string().regex(/\.(db|sqlite3?|jsonl|json|log|gz)$/i, 'replay takes .db, .jsonl or .gz files'))
        .min(1)
        .max(50),
      speed: z.number().min(0).max(10_000).optional(),
    })
    .strict(),
  /** The tick bus (../shared/specs/tick-bus.md): consume these symbols from a NATS JetStream
   * server; credentials may ride in the URL or in the engine's environment. */
  z
    .object({
      kind: z.literal('nats'),
      url: z
        .string()
        .trim()
        .max(2000)
        .regex(/^(nats|tls):\/\/\S+$/i, 'a tick bus address is nats://HOST:PORT or tls://HOST:PORT'),
      symbols: z
        .array(
          symbolSchema.refine((s) => !isDemoSymbol(s), { error: (issue) => demoSymbolRefusal(String(issue.input)) }),
        )
        .min(1)
        .max(100),
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
