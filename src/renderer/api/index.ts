import type { TickscopeApi } from '../../shared/contract';
import { createWsApi } from './wsApi';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the dashboard is served to a browser. */
    api?: TickscopeApi;
  }
}

/**
 * The renderer's one door to the engine. In Electron it is the preload's `window.api`; in a
 * browser (`tickscope serve`) it is the WebSocket transport, authenticated by the token in
 * the page's URL. Either way the renderer sees the same TickscopeApi.
 */
export function connectApi(): TickscopeApi {
  if (window.api) return window.api;
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsApi(`${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`);
}
