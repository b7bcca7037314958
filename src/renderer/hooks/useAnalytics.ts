import { useEffect, useState } from 'react';
import type { AnalyticsSnapshot, PairSpec, RollingPoint, TickscopeApi } from '../../shared/contract';
import { mergeByTs } from '../lib/mergeByTs';

export interface AnalyticsState {
  points: RollingPoint[];
  snapshot: AnalyticsSnapshot | null;
  loading: boolean;
  /** Why the engine could not answer (e.g. analytics not wired in this build yet). */
  error: string | null;
  /** The pair (`y|x|tf|window`) this state belongs to; '' for none. */
  of: string;
}

const SERIES_LIMIT = 100_000;
/** While the engine refuses, ask again this often: it may be restarted with analytics on. */
const RETRY_MS = 5_000;

function samePair(a: PairSpec, b: PairSpec): boolean {
  return a.y === b.y && a.x === b.x && a.tf === b.tf && a.window === b.window;
}

/**
 * The watched pair's analytics: asks the engine to watch it, loads the rolling series and
 * a snapshot, then folds the engine's pushes (coalesced to <= 10 Hz) into them.
 */
/** The key an AnalyticsState's `of` holds for a pair. */
export function analyticsKey(spec: PairSpec | null): string {
  return spec ? `${spec.y}|${spec.x}|${spec.tf}|${spec.window}` : '';
}

export function useAnalytics(api: TickscopeApi, spec: PairSpec | null): AnalyticsState {
  const [state, setState] = useState<AnalyticsState>({ points: [], snapshot: null, loading: false, error: null, of: '' });
  const key = analyticsKey(spec);

  useEffect(() => {
    if (!spec) {
      setState({ points: [], snapshot: null, loading: false, error: null, of: '' });
      return;
    }
    let cancelled = false;
    let loaded = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const early: RollingPoint[][] = [];
    setState({ points: [], snapshot: null, loading: true, error: null, of: key });

    const offSeries = api.on('analytics.onDidUpdateSeries', (u) => {
      if (!samePair(u.pair, spec)) return;
      if (!loaded) early.push(u.points);
      else setState((s) => ({ ...s, points: mergeByTs(s.points, u.points) }));
    });
    const offSnapshot = api.on('analytics.onDidUpdateSnapshot', (snap) => {
      if (samePair(snap.pair, spec)) setState((s) => ({ ...s, snapshot: snap }));
    });

    const load = async () => {
      try {
        await api.invoke('analytics.watchPair', spec);
        const [series, snapshot] = await Promise.all([
          api.invoke('analytics.getSeries', { ...spec, limit: SERIES_LIMIT }),
          api.invoke('analytics.getSnapshot', spec),
        ]);
        if (cancelled) return;
        loaded = true;
        const points = early.reduce((acc, p) => mergeByTs(acc, p), series.points);
        setState((s) => ({
          points,
          // A pushed snapshot may be newer than the one we asked for.
          snapshot: s.snapshot && s.snapshot.computedAt > snapshot.computedAt ? s.snapshot : snapshot,
          loading: false,
          error: null,
          of: key,
        }));
      } catch (err) {
        if (cancelled) return;
        setState((s) => ({ ...s, loading: false, error: err instanceof Error ? err.message : String(err) }));
        retry = setTimeout(load, RETRY_MS);
      }
    };
    void load();

    return () => {
      cancelled = true;
      clearTimeout(retry);
      offSeries();
      offSnapshot();
    };
    // `key` stands for spec's fields.
  }, [api, key]);

  return state;
}
