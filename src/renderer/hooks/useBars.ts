import { useEffect, useMemo, useRef, useState } from 'react';
import type { TickscopeApi } from '../../shared/contract';
import { timeframeMs, type Bar, type Timeframe } from '../../shared/market';
import { mergeByTs } from '../lib/mergeByTs';

export interface BarsState {
  /** The stored bars or, until they are in, the engine's overview of them. */
  bars: Bar[];
  /** While `bars` is the overview: the time each folded bar covers; null once they are the stored bars. */
  overviewMs: number | null;
  /** Stored bars the view holds (the overview says how many it folds). */
  count: number;
  loading: boolean;
  error: string | null;
  /** `symbol|tf` these bars belong to: a view change renders once before the new load starts. */
  of: string | null;
}

/** A day of 1 s bars (86,400) plus room: the charts downsample, so holding them is cheap. */
export const BARS_LIMIT = 100_000;

/** Lets the stored bars' detail load (for the view on screen; each new view starts held). */
export interface DetailGate {
  release(): void;
}

/** How long a failed load waits before asking again. */
const RETRY_MS = 5_000;
/** Live pushes kept while the stored bars load (~10 s of pushes at 10 Hz). */
const MAX_EARLY_PUSHES = 100;

const EMPTY: BarsState = { bars: [], overviewMs: null, count: 0, loading: false, error: null, of: null };

/**
 * Stored bars for one symbol and timeframe, kept live by the engine's pushes. A long series
 * comes in two steps: first the engine's overview, folded to about `overviewBuckets()` bars
 * (the chart's width in pixels, so it is what the chart would draw anyway, at a few percent
 * of the bytes), then the full detail that zooming needs, once the caller releases it
 * (DetailGate): it holds the detail back while more visible things load (the pair's
 * analytics), since the engine answers requests one after another. A day of 1 s bars is
 * on screen in a fraction of the time it takes to ship all 86,400.
 */
export function useBars(
  api: TickscopeApi,
  symbol: string | null,
  tf: Timeframe,
  overviewBuckets: () => number,
  limit = BARS_LIMIT,
): [BarsState, DetailGate] {
  const [state, setState] = useState<BarsState>({ ...EMPTY, loading: true });
  const buckets = useRef(overviewBuckets);
  buckets.current = overviewBuckets;
  // The view on screen: whether its detail may load, and the load waiting for that.
  const gate = useRef<{ of: string; released: boolean; load: (() => void) | null }>({
    of: '',
    released: false,
    load: null,
  });
  const detail = useMemo<DetailGate>(
    () => ({
      release: () => {
        const g = gate.current;
        g.released = true;
        const load = g.load;
        g.load = null;
        load?.();
      },
    }),
    [],
  );
  useEffect(() => {
    if (!symbol) {
      setState(EMPTY);
      return;
    }
    let cancelled = false;
    const early: Bar[][] = [];
    let loaded = false;
    const of = `${symbol}|${tf}`;
    gate.current = { of, released: false, load: null };
    setState({ ...EMPTY, loading: true, of });
    const off = api.on('market.onDidUpdateBars', (u) => {
      if (u.symbol !== symbol || u.tf !== tf) return;
      // Pushes that race the load are kept and folded in once the stored bars land (only
      // the latest matter: what came before the detail was asked is in the store anyway).
      if (!loaded) {
        early.push(u.bars);
        if (early.length > MAX_EARLY_PUSHES) early.shift();
      } else {
        setState((s) => {
          const bars = trim(mergeByTs(s.bars, u.bars), limit);
          return { ...s, bars, count: bars.length };
        });
      }
    });
    let retry: ReturnType<typeof setTimeout> | undefined;
    // A failed detail load keeps the overview on screen and asks again; with nothing on
    // screen the error is shown (and asked again too: the engine may come back).
    const fail = (err: Error) => {
      if (cancelled) return;
      setState((s) => (s.overviewMs !== null ? s : { ...EMPTY, error: err.message, of }));
      retry = setTimeout(() => void loadDetail(), RETRY_MS);
    };
    const showDetail = (bars: Bar[]) => {
      if (cancelled) return;
      loaded = true;
      const merged = trim(
        early.reduce((acc, b) => mergeByTs(acc, b), bars),
        limit,
      );
      early.length = 0;
      setState({ bars: merged, overviewMs: null, count: merged.length, loading: false, error: null, of });
    };
    const loadDetail = () =>
      api.invoke('market.getBars', { symbol, tf, limit }).then(({ bars }) => showDetail(bars), fail);
    // Asked only after the overview (and once released), so both legs' overviews are
    // answered before either detail.
    const whenReleased = (load: () => Promise<void>) => {
      if (cancelled || gate.current.of !== of) return;
      if (gate.current.released) void load();
      else gate.current.load = () => void load();
    };
    api.invoke('market.getBarOverview', { symbol, tf, limit, buckets: buckets.current() }).then(
      (ov) => {
        if (cancelled) return;
        // Nothing was folded: the overview is the detail.
        if (ov.spanMs <= timeframeMs(tf)) return showDetail(ov.bars);
        setState({ bars: ov.bars, overviewMs: ov.spanMs, count: ov.count, loading: false, error: null, of });
        whenReleased(loadDetail);
      },
      // No overview (an older engine, a failure): the detail at once. Nothing else waits
      // on it then: the pair is watched only once this leg's first view is in (App).
      () => {
        if (!cancelled) void loadDetail();
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(retry);
      gate.current = { of: '', released: false, load: null };
      off();
    };
  }, [api, symbol, tf, limit]);
  return [state, detail];
}

/** Drops the oldest bars past the limit, in chunks so live pushes rarely copy the array. */
function trim(bars: Bar[], limit: number): Bar[] {
  return bars.length > limit + 1024 ? bars.slice(-limit) : bars;
}
