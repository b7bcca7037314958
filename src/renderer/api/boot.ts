import { connectApi } from './index';
import { withPrefetch } from './prefetch';

/**
 * The dashboard's connection, opened while the rest of the bundle (React, ECharts) is still
 * being evaluated: main.tsx imports this module first, and module evaluation follows import
 * order. The WebSocket handshake and the first answers overlap that work.
 */
export const bootApi = withPrefetch(connectApi(), ['system.getStatus', 'market.listSymbols']);
