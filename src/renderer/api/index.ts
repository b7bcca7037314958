import type { TickscopeApi } from '../../shared/contract';
import { pageToken } from './pageToken';
import { createWsApi } from './wsApi';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the dashboard is served to a browser. */
    api?: TickscopeApi;
  }
}

/**
 * The renderer's one door to the engine. In Electron it is the preload's `window.api`; in a
 * browser (`tickscope serve`) it is the WebSocket transport, authenticated by the token the
 * page was opened with (moved out of the URL at once: pageToken.ts). Either way the renderer
 * sees the same TickscopeApi.
 */
export function connectApi(): TickscopeApi {
  if (window.api) return window.api;
  const token = pageToken();
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsApi(`${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`);
}
