/**
 * The one typed contract between the engine (Electron main or `tickscope serve`) and the
 * renderer. Every request and pushed event is named here with a runtime schema; both
 * transports (Electron IPC and WebSocket) validate against these and nothing else.
 * Domains keep their channels in ./contract/<domain>.ts; channel names are `<domain>.<verb>`,
 * events `<domain>.onDidX`.
 */
import type { z } from 'zod';
import type { ApiResult } from './contract/define';
import { alertsEvents, alertsRequests } from './contract/alerts';
import { analyticsEvents, analyticsRequests } from './contract/analytics';
import { backtestEvents, backtestRequests } from './contract/backtest';
import { exportEvents, exportRequests } from './contract/export';
import { marketEvents, marketRequests } from './contract/market';
import { scannerEvents, scannerRequests } from './contract/scanner';
import { systemEvents, systemRequests } from './contract/system';
import { watchlistEvents, watchlistRequests } from './contract/watchlist';

export * from './contract/alerts';
export * from './contract/analytics';
export * from './contract/backtest';
export * from './contract/define';
export * from './contract/export';
export * from './contract/market';
export * from './contract/scanner';
export * from './contract/system';
export * from './contract/watchlist';

export const requests = {
  ...systemRequests,
  ...marketRequests,
  ...analyticsRequests,
  ...exportRequests,
  ...alertsRequests,
  ...backtestRequests,
  ...scannerRequests,
  ...watchlistRequests,
};

export const events = {
  ...systemEvents,
  ...marketEvents,
  ...analyticsEvents,
  ...exportEvents,
  ...alertsEvents,
  ...backtestEvents,
  ...scannerEvents,
  ...watchlistEvents,
};

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestChannel = keyof Requests;
export type EventChannel = keyof Events;

/** What a caller passes (before defaults and transforms). */
export type RequestArg<C extends RequestChannel> = z.input<Requests[C]['request']>;
/** What a handler receives (after validation). */
export type RequestParsed<C extends RequestChannel> = z.output<Requests[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<Requests[C]['response']>;
export type EventPayload<E extends EventChannel> = z.output<Events[E]>;

export const REQUEST_CHANNELS = Object.keys(requests) as RequestChannel[];
export const EVENT_CHANNELS = Object.keys(events) as EventChannel[];

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

export type Unsubscribe = () => void;

/** What the renderer sees as `window.api`, whichever transport carries it. */
export interface TickscopeApi {
  invoke<C extends RequestChannel>(channel: C, arg: RequestArg<C>): Promise<ResponseOf<C>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
}

/** Server-side implementation of every request. */
export type RequestHandlers = {
  [C in RequestChannel]: (arg: RequestParsed<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

/** Wire frames of the WebSocket transport (Electron IPC carries the same ApiResult). */
export type ClientFrame = { id: number; channel: string; payload: unknown };
export type ServerFrame = ({ id: number } & ApiResult<unknown>) | { event: string; payload: unknown };
