import {
  isRequestChannel,
  requests,
  type ApiResult,
  type RequestChannel,
  type RequestHandlers,
  type RequestParsed,
} from '../../shared/contract';
import { toDisposable, type Disposable } from '../lifecycle';
import { PreparedJson } from './preparedJson';

/**
 * Handlers whose answers are made elsewhere (a read worker) as PreparedJson: validated
 * against the same response schema there, so the dispatcher passes them on as they are.
 */
export type PreparedHandlers = {
  [C in RequestChannel]?: (arg: RequestParsed<C>, call: CallContext) => Promise<PreparedJson>;
};

/** What a transport knows about one call. */
export interface CallContext {
  /** Aborted when the caller has gone (its connection closed): queued work for it can be dropped. */
  signal?: AbortSignal;
  /**
   * Which client asked (a WebSocket connection, the Electron window): what it subscribes to
   * by asking (the bar series it loaded) lasts until its transport calls disconnect(client).
   * Calls without one are the engine's own caller's (tests, scripts), for as long as it runs.
   */
  client?: string;
}

/** The client of calls that name none (see CallContext.client). */
export const LOCAL_CLIENT = 'local';

/** Counts what every transport refused, so bad input is visible rather than silent. */
export interface DispatchCounters {
  handled: number;
  rejected: number;
  failed: number;
}

export interface Dispatcher {
  dispatch(channel: unknown, payload: unknown, call?: CallContext): Promise<ApiResult<unknown>>;
  readonly counters: DispatchCounters;
  /** A transport's client has gone: what it subscribed to ends (see CallContext.client). */
  disconnect(client: string): void;
  onDidDisconnect(listener: (client: string) => void): Disposable;
}

function describeIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * The transport-independent half of the contract: validate the channel and payload, call
 * the handler, validate what it returns. Electron IPC and the WebSocket server both sit on
 * this, so a payload is judged the same way whichever way it came. A result may be a
 * PreparedJson (see PreparedHandlers): transports send its bytes or call value().
 */
export function createDispatcher(handlers: RequestHandlers, prepared: PreparedHandlers = {}): Dispatcher {
  const counters: DispatchCounters = { handled: 0, rejected: 0, failed: 0 };
  const disconnectListeners = new Set<(client: string) => void>();
  return {
    counters,
    disconnect(client) {
      for (const listener of [...disconnectListeners]) listener(client);
    },
    onDidDisconnect(listener) {
      disconnectListeners.add(listener);
      return toDisposable(() => disconnectListeners.delete(listener));
    },
    async dispatch(channel, payload, call = {}) {
      if (!isRequestChannel(channel)) {
        counters.rejected++;
        return { ok: false, error: { code: 'unknown_channel', message: `unknown channel ${JSON.stringify(channel)}` } };
      }
      const def = requests[channel];
      const parsed = def.request.safeParse(payload);
      if (!parsed.success) {
        counters.rejected++;
        return { ok: false, error: { code: 'bad_request', message: `${channel}: ${describeIssues(parsed.error)}` } };
      }
      try {
        const elsewhere = prepared[channel] as ((arg: unknown, call: CallContext) => Promise<PreparedJson>) | undefined;
        if (elsewhere) {
          const result = await elsewhere(parsed.data, call);
          if (!(result instanceof PreparedJson))
            throw new Error('a prepared handler answered something else than PreparedJson');
          counters.handled++;
          return { ok: true, result };
        }
        // Handlers that care who asked (market.getBars: bar pushes per client) read the call.
        const handler = handlers[channel as RequestChannel] as (arg: unknown, call: CallContext) => unknown;
        if (!handler) {
          counters.rejected++;
          return {
            ok: false,
            error: {
              code: 'unknown_channel',
              message: `${channel}: not served here (this engine runs without that service)`,
            },
          };
        }
        const result = await handler(parsed.data, call);
        const checked = def.response.safeParse(result);
        if (!checked.success) {
          counters.failed++;
          return {
            ok: false,
            error: { code: 'internal', message: `${channel}: bad response: ${describeIssues(checked.error)}` },
          };
        }
        counters.handled++;
        return { ok: true, result: checked.data };
      } catch (err) {
        counters.failed++;
        const message = err instanceof Error ? err.message : String(err);
        const code = err instanceof ApiFailure ? err.code : 'internal';
        return { ok: false, error: { code, message: `${channel}: ${message}` } };
      }
    },
  };
}

/** Thrown by a handler to report a specific error code (e.g. not_found) to the caller. */
export class ApiFailure extends Error {
  constructor(
    readonly code: 'bad_request' | 'not_found' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}
