// The sandboxed preload: exposes exactly the contract's channels as `window.api` and
// nothing else. The only renderer-side module allowed to touch ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  isEventChannel,
  isRequestChannel,
  type ApiResult,
  type EventChannel,
  type EventPayload,
  type RequestArg,
  type RequestChannel,
  type ResponseOf,
  type TickscopeApi,
} from '../shared/contract';

const api: TickscopeApi = {
  async invoke<C extends RequestChannel>(channel: C, arg: RequestArg<C>): Promise<ResponseOf<C>> {
    if (!isRequestChannel(channel)) throw new Error(`unknown channel ${String(channel)}`);
    const reply = (await ipcRenderer.invoke(channel, arg)) as ApiResult<ResponseOf<C>>;
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.result;
  },
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void) {
    if (!isEventChannel(event)) throw new Error(`unknown event ${String(event)}`);
    const wrapped = (_e: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
