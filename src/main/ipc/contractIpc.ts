import { REQUEST_CHANNELS, type ApiResult } from '../../shared/contract';
import type { Dispatcher } from '../../engine/api/dispatcher';
import { PreparedJson } from '../../engine/api/preparedJson';
import type { EventHub, Disposable } from '../../engine/api/eventHub';

/** The parts of Electron's ipcMain and WebContents this module needs (tests pass fakes). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: { url: string } | null }, payload: unknown) => unknown,
  ): void;
  removeHandler(channel: string): void;
}
export interface WebContentsLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** The one window's client name (CallContext.client): main disconnects it when the window closes. */
export const WINDOW_CLIENT = 'window';

/**
 * Registers one handler per contract channel. Every call is checked twice: the sender frame
 * must be our own page (not an iframe or a navigated-away document), and the payload goes
 * through the shared dispatcher's schema validation.
 */
export function registerContractHandlers(
  ipc: IpcMainLike,
  dispatcher: Dispatcher,
  isTrustedUrl: (url: string) => boolean,
): Disposable {
  for (const channel of REQUEST_CHANNELS) {
    ipc.handle(channel, async (event, payload): Promise<ApiResult<unknown>> => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url)) {
        dispatcher.counters.rejected++;
        return {
          ok: false,
          error: { code: 'forbidden', message: `${channel}: sender ${url || '(none)'} is not the Tickscope window` },
        };
      }
      const reply = await dispatcher.dispatch(channel, payload, { client: WINDOW_CLIENT });
      // IPC carries objects: an answer a read worker wrote as JSON is read back here.
      return reply.ok && reply.result instanceof PreparedJson ? { ok: true, result: reply.result.value() } : reply;
    });
  }
  return { dispose: () => REQUEST_CHANNELS.forEach((c) => ipc.removeHandler(c)) };
}

/** Pushes every hub event to one window for as long as it lives. */
export function forwardEvents(hub: EventHub, contents: WebContentsLike): Disposable {
  const sub = hub.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(event, payload);
  });
  return sub;
}
