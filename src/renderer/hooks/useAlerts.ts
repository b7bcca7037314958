import { useCallback, useEffect, useState } from 'react';
import type { AlertRule, FiredAlert, TickscopeApi } from '../../shared/contract';

export interface AlertsState {
  rules: AlertRule[];
  history: FiredAlert[];
  /** Why the engine refused (e.g. alerts not wired in this build yet). */
  error: string | null;
  loaded: boolean;
  reload: () => void;
}

const HISTORY_LIMIT = 500;

/**
 * Alert rules and firings, kept current by alerts.onDidChangeRules / onDidFire, and loaded
 * again when `dbKey` changes (the engine moved to another database: the demo's, or back).
 */
export function useAlerts(api: TickscopeApi, dbKey: string | null = null): AlertsState {
  const [rules, setRules] = useState<AlertRule[]>([]);
  const [history, setHistory] = useState<FiredAlert[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);

  useEffect(() => {
    let cancelled = false;
    const offRules = api.on('alerts.onDidChangeRules', ({ rules: list }) => setRules(list));
    const offFire = api.on('alerts.onDidFire', (a) => setHistory((h) => [...h.slice(-(HISTORY_LIMIT - 1)), a]));
    Promise.all([api.invoke('alerts.listRules', {}), api.invoke('alerts.history', { limit: HISTORY_LIMIT })]).then(
      ([r, h]) => {
        if (cancelled) return;
        setRules(r.rules);
        setHistory(h.alerts);
        setError(null);
        setLoaded(true);
      },
      (err: Error) => {
        if (cancelled) return;
        setError(err.message);
        setLoaded(true);
      },
    );
    return () => {
      cancelled = true;
      offRules();
      offFire();
    };
  }, [api, attempt, dbKey]);

  return { rules, history, error, loaded, reload };
}
