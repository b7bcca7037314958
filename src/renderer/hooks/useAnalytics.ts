import { useEffect, useRef, useState } from 'react';
import {
  pairKey,
  samePair,
  type AnalyticsSnapshot,
  type PairSpec,
  type RollingPoint,
  type TickscopeApi,
} from '../../shared/contract';
import { mergeByTs } from '../lib/mergeByTs';

export interface AnalyticsState {
  /** The rolling series or, until it is in, the engine's thinned first look at it. */
  points: RollingPoint[];
  /** True while `points` is that first look (per time fold, the lowest and highest z). */
  thinned: boolean;
  snapshot: AnalyticsSnapshot | null;
  loading: boolean;
  /** Why the engine could not answer (e.g. analytics not wired in this build yet). */
  error: string | null;
  /** The pair (its pairKey) this state belongs to; '' for none. */
  of: string;
}

const SERIES_LIMIT = 100_000;
/** While the engine refuses, ask again this often: it may be restarted with analytics on. */
const RETRY_MS = 5_000;
const NONE: AnalyticsState = { points: [], thinned: false, snapshot: null, loading: false, error: null, of: '' };

/** The key an AnalyticsState's `of` holds for a pair (the spread definition included). */
export function analyticsKey(spec: PairSpec | null): string {
  return spec ? pairKey(spec) : '';
}

/**
 * The watched pair's analytics: asks the engine to watch it, loads the rolling series and
 * a snapshot, then folds the engine's pushes (coalesced to <= 10 Hz) into them. A long
 * series comes first thinned to about `buckets()` time folds (the chart's width: a day of
 * 1 s points is ~2,500 points instead of 86,400, 17 MB on the wire), then whole.
 */
export function useAnalytics(api: TickscopeApi, spec: PairSpec | null, buckets: () => number): AnalyticsState {
  const [state, setState] = useState<AnalyticsState>(NONE);
  const key = analyticsKey(spec);
  const bucketsRef = useRef(buckets);
  bucketsRef.current = buckets;

  useEffect(() => {
    if (!spec) {
      setState(NONE);
      return;
    }
    let cancelled = false;
    let loaded = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const early: RollingPoint[][] = [];
    setState({ ...NONE, loading: true, of: key });

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
          api.invoke('analytics.getSeries', { ...spec, limit: SERIES_LIMIT, buckets: bucketsRef.current() }),
          api.invoke('analytics.getSnapshot', spec),
        ]);
        if (cancelled) return;
        loaded = true;
        const points = early.reduce((acc, p) => mergeByTs(acc, p), series.points);
        const thinned = series.spanMs !== undefined;
        setState((s) => ({
          points,
          thinned,
          // A pushed snapshot may be newer than the one we asked for.
          snapshot: s.snapshot && s.snapshot.computedAt > snapshot.computedAt ? s.snapshot : snapshot,
          loading: false,
          error: null,
          of: key,
        }));
        if (thinned) void loadWhole();
      } catch (err) {
        if (cancelled) return;
        setState((s) => ({ ...s, loading: false, error: err instanceof Error ? err.message : String(err) }));
        retry = setTimeout(load, RETRY_MS);
      }
    };
    // The whole series, after the thinned first look is on screen. A failure keeps that
    // look and asks again; it does not start the watch over.
    const loadWhole = async () => {
      try {
        const whole = await api.invoke('analytics.getSeries', { ...spec, limit: SERIES_LIMIT });
        if (cancelled) return;
        // Pushes kept arriving meanwhile: points past the whole series' end stay.
        const end = whole.points[whole.points.length - 1]?.ts ?? -Infinity;
        setState((s) => ({
          ...s,
          thinned: false,
          points: mergeByTs(
            whole.points,
            s.points.filter((p) => p.ts >= end),
          ),
        }));
      } catch {
        if (!cancelled) retry = setTimeout(loadWhole, RETRY_MS);
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
