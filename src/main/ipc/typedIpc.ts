// The only main-process module allowed to touch ipcMain (see eslint.config.js).
import { ipcMain } from 'electron';
import type { Dispatcher } from '../../engine/api/dispatcher';
import type { Disposable } from '../../engine/api/eventHub';
import { registerContractHandlers, type IpcMainLike } from './contractIpc';

export function registerIpc(dispatcher: Dispatcher, isTrustedUrl: (url: string) => boolean): Disposable {
  return registerContractHandlers(ipcMain as unknown as IpcMainLike, dispatcher, isTrustedUrl);
}
