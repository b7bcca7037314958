import { z } from 'zod';
import { pairSpecSchema } from './analytics';
import { defineRequest } from './define';

const num = z.number();

/**
 * Why the engine follows a pair: the pair on screen, a pair an enabled alert rule names, or
 * the user's watchlist. One pair may be followed for several reasons; it is folded once.
 */
export const watchReasonSchema = z.enum(['screen', 'alert', 'watchlist']);
export type WatchReason = z.infer<typeof watchReasonSchema>;

/**
 * A followed pair's state, as the row says it:
 * - warming: fewer than W aligned points since the start (or the last break);
 * - live: figures on a full window, the last bar recent;
 * - stale: no new bar on either leg for longer than max(10·tf, 5 min) of wall-clock time;
 * - broken: the latest point lies in or just after a break (an unfilled gap, a long
 *   silence) and the window restarts from there.
 */
export const watchStateSchema = z.enum(['warming', 'live', 'stale', 'broken']);
export type WatchState = z.infer<typeof watchStateSchema>;

/** One followed pair's latest figures: the numbers the alerts judged, the row and the charts show. */
export const watchRowSchema = z.object({
  pair: pairSpecSchema,
  reasons: z.array(watchReasonSchema),
  state: watchStateSchema,
  /** Aligned points in the current segment, and how many a full window needs (W). */
  points: z.number().int().nonnegative(),
  /** Time of the latest aligned point (null: none yet). */
  ts: num.nullable(),
  z: num.nullable(),
  spread: num.nullable(),
  beta: num.nullable(),
  correlation: num.nullable(),
  /** From the latest full evaluation (ADF / half-life at their own cadence). */
  adfPvalue: num.nullable(),
  halfLife: num.nullable(),
  /** Wall-clock ms of that evaluation (null: none yet). */
  evaluatedAt: num.nullable(),
  /** The last z values, oldest first, one per closed bar (null where undefined): the sparkline. */
  spark: z.array(num.nullable()).max(240),
});
export type WatchRow = z.infer<typeof watchRowSchema>;

export const watchListSchema = z.object({ rows: z.array(watchRowSchema) });
export type WatchList = z.infer<typeof watchListSchema>;

export const watchlistRequests = {
  /** Every followed pair (screen, alert rules and the watchlist) with its latest figures. */
  'watchlist.list': defineRequest(z.object({}).strict(), watchListSchema),
  /** Adds a pair to the user's watchlist (persisted in the database); answers the new list. */
  'watchlist.add': defineRequest(pairSpecSchema, watchListSchema),
  /** Removes a pair from the user's watchlist; pairs an alert rule or the screen needs stay followed. */
  'watchlist.remove': defineRequest(pairSpecSchema, watchListSchema),
};

export const watchlistEvents = {
  /** Rows that changed (a closed bar, a new evaluation, a state change), coalesced to ≤ 4 Hz. */
  'watchlist.onDidUpdate': z.object({ rows: z.array(watchRowSchema) }),
  /** The set of followed pairs changed (added, removed, a rule saved): the whole list. */
  'watchlist.onDidChange': watchListSchema,
};
