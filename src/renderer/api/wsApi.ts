import {
  isEventChannel,
  isRequestChannel,
  type EventChannel,
  type EventPayload,
  type RequestArg,
  type RequestChannel,
  type ResponseOf,
  type ServerFrame,
  type TickscopeApi,
} from '../../shared/contract';
import { unpackRows } from '../../shared/wirePacking';

interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
type SocketCtor = new (url: string) => SocketLike;

export interface WsApi extends TickscopeApi {
  close(): void;
  /** Resolves once the socket is open (rejects if it closes first). */
  ready(): Promise<void>;
}

/**
 * The browser half of the WebSocket transport (`tickscope serve`): the same TickscopeApi
 * the Electron preload exposes, so the renderer runs unchanged in a plain browser.
 */
export function createWsApi(url: string, Socket: SocketCtor = WebSocket as unknown as SocketCtor): WsApi {
  const socket = new Socket(url);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const queue: string[] = [];
  let open = false;
  let closed = false;
  const readiness = new Promise<void>((resolve, reject) => {
    socket.onopen = () => {
      open = true;
      for (const frame of queue.splice(0)) socket.send(frame);
      resolve();
    };
    socket.onclose = () => {
      closed = true;
      reject(new Error('connection to the Tickscope engine closed'));
      for (const p of pending.values()) p.reject(new Error('connection to the Tickscope engine closed'));
      pending.clear();
    };
  });
  readiness.catch(() => undefined);

  socket.onmessage = (ev) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(ev.data)) as ServerFrame;
    } catch {
      return;
    }
    if ('event' in frame) {
      const handlers = listeners.get(frame.event);
      if (!handlers || handlers.size === 0) return;
      const payload = unpackRows(frame.payload);
      for (const l of handlers) l(payload);
      return;
    }
    const p = pending.get(frame.id);
    if (!p) return;
    pending.delete(frame.id);
    if (frame.ok) p.resolve(unpackRows(frame.result));
    else p.reject(new Error(frame.error.message));
  };

  return {
    ready: () => readiness,
    close: () => socket.close(),
    invoke<C extends RequestChannel>(channel: C, arg: RequestArg<C>): Promise<ResponseOf<C>> {
      if (!isRequestChannel(channel)) return Promise.reject(new Error(`unknown channel ${String(channel)}`));
      if (closed) return Promise.reject(new Error('connection to the Tickscope engine closed'));
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, payload: arg });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (open) socket.send(frame);
        else queue.push(frame);
      });
    },
    on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void) {
      if (!isEventChannel(event)) throw new Error(`unknown event ${String(event)}`);
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
