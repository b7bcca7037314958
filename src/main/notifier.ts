import { Notification, type BrowserWindow } from 'electron';
import type { FiredAlert } from '../shared/contract';
import type { Notifier } from '../engine/alerts/alertService';
import type { EventHub } from '../engine/api/eventHub';

/**
 * Alert firings as native OS notifications. Clicking one brings the window forward and asks
 * the renderer to show the alert's symbol or pair at its time.
 */
export function nativeNotifier(window: () => BrowserWindow | null, hub: EventHub): Notifier {
  return {
    notify(alert: FiredAlert) {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title: `Tickscope: ${alert.ruleName}`, body: alert.message, silent: false });
      n.on('click', () => {
        const win = window();
        if (win) {
          if (win.isMinimized()) win.restore();
          win.show();
          win.focus();
        }
        hub.emit('system.onDidRequestFocus', { symbol: alert.symbol, pair: alert.pair, ts: alert.ts });
      });
      n.show();
    },
  };
}
