import { useCallback, useEffect, useRef, useState } from 'react';
import type { FiredAlert, TickscopeApi } from '../../shared/contract';

export interface Toast {
  id: number;
  level: 'alert' | 'info' | 'warn' | 'error';
  title: string;
  body: string;
  /** Set for alert toasts: clicking one shows the alert's pair or symbol at its time. */
  alert?: FiredAlert;
}

/** How long each kind stays: errors and alerts need reading, info does not. */
const LIFETIME_MS: Record<Toast['level'], number> = { alert: 15_000, info: 6_000, warn: 12_000, error: 20_000 };
const MAX_SHOWN = 4;

/**
 * In-app toasts for fired alerts (the browser's only delivery; Electron also shows native
 * notifications) and for the engine's log events, which no request is waiting to hear.
 * A message repeated while its toast is still up bumps a counter instead of stacking, and
 * a rule that fires again replaces its own toast (newest firing, counted): a z-score that
 * keeps crossing must not bury the charts.
 */
export function useToasts(api: TickscopeApi): {
  toasts: (Toast & { count: number })[];
  dismiss: (id: number) => void;
  /** Shows a toast of the renderer's own (e.g. a refused watchlist change). */
  push: (t: Omit<Toast, 'id'>) => void;
} {
  const [toasts, setToasts] = useState<(Toast & { count: number })[]>([]);
  const seq = useRef(0);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((list) => list.filter((t) => t.id !== id));
  }, []);

  const push = useCallback(
    (t: Omit<Toast, 'id'>) => {
      setToasts((list) => {
        const same = list.find(
          (x) => x.level === t.level && x.title === t.title && (t.level === 'alert' || x.body === t.body),
        );
        const id = same?.id ?? ++seq.current;
        clearTimeout(timers.current.get(id));
        timers.current.set(
          id,
          setTimeout(() => dismiss(id), LIFETIME_MS[t.level]),
        );
        if (same)
          return list.map((x) =>
            x.id === id ? { ...x, count: x.count + 1, body: t.body, alert: t.alert ?? x.alert } : x,
          );
        const next = [...list, { ...t, id, count: 1 }];
        for (const old of next.slice(0, Math.max(0, next.length - MAX_SHOWN))) clearTimeout(timers.current.get(old.id));
        return next.slice(-MAX_SHOWN);
      });
    },
    [dismiss],
  );

  useEffect(() => {
    const offFire = api.on('alerts.onDidFire', (a) => {
      const where = a.pair ? `${a.pair.y}/${a.pair.x} ${a.pair.tf}` : (a.symbol ?? '');
      push({ level: 'alert', title: `${a.ruleName}${where ? ` · ${where}` : ''}`, body: a.message, alert: a });
    });
    const offLog = api.on('system.onDidLog', (l) =>
      push({
        level: l.level,
        title: l.level === 'info' ? 'Engine' : l.level === 'warn' ? 'Engine warning' : 'Engine error',
        body: l.message,
      }),
    );
    const pending = timers.current;
    return () => {
      offFire();
      offLog();
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    };
  }, [api, push]);

  return { toasts, dismiss, push };
}
