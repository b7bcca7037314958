import { useEffect, useRef, useState } from 'react';
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

const EMPTY: BarsState = { bars: [], overviewMs: null, count: 0, loading: false, error: null, of: null };

/**
 * Stored bars for one symbol and timeframe, kept live by the engine's pushes. A long series
 * comes in two steps: first the engine's overview, folded to about `overviewBuckets()` bars
 * (the chart's width in pixels, so it is what the chart would draw anyway, at a few percent
 * of the bytes), then the full detail that zooming needs. A day of 1 s bars is on screen in
 * a fraction of the time it takes to ship all 86,400.
 */
export function useBars(api: TickscopeApi, symbol: string | null, tf: Timeframe, overviewBuckets: () => number, limit = BARS_LIMIT): BarsState {
  const [state, setState] = useState<BarsState>({ ...EMPTY, loading: true });
  const buckets = useRef(overviewBuckets);
  buckets.current = overviewBuckets;
  useEffect(() => {
    if (!symbol) {
      setState(EMPTY);
      return;
    }
    let cancelled = false;
    const early: Bar[][] = [];
    let loaded = false;
    const of = `${symbol}|${tf}`;
    setState({ ...EMPTY, loading: true, of });
    const off = api.on('market.onDidUpdateBars', (u) => {
      if (u.symbol !== symbol || u.tf !== tf) return;
      // Pushes that race the load are kept and folded in once the stored bars land.
      if (!loaded) early.push(u.bars);
      else
        setState((s) => {
          const bars = trim(mergeByTs(s.bars, u.bars), limit);
          return { ...s, bars, count: bars.length };
        });
    });
    const fail = (err: Error) => !cancelled && setState({ ...EMPTY, error: err.message, of });
    const showDetail = (bars: Bar[]) => {
      if (cancelled) return;
      loaded = true;
      const merged = trim(early.reduce((acc, b) => mergeByTs(acc, b), bars), limit);
      early.length = 0;
      setState({ bars: merged, overviewMs: null, count: merged.length, loading: false, error: null, of });
    };
    const loadDetail = () => api.invoke('market.getBars', { symbol, tf, limit }).then(({ bars }) => showDetail(bars), fail);
    api
      .invoke('market.getBarOverview', { symbol, tf, limit, buckets: Math.max(1, Math.min(20_000, Math.round(buckets.current()))) })
      .then(
        (ov) => {
          if (cancelled) return;
          // Nothing was folded: the overview is the detail.
          if (ov.spanMs <= timeframeMs(tf)) return showDetail(ov.bars);
          setState({ bars: ov.bars, overviewMs: ov.spanMs, count: ov.count, loading: false, error: null, of });
          // Asked only now, so both legs' overviews are answered before either detail.
          void loadDetail();
        },
        () => void loadDetail(),
      );
    return () => {
      cancelled = true;
      off();
    };
  }, [api, symbol, tf, limit]);
  return state;
}

/** Drops the oldest bars past the limit, in chunks so live pushes rarely copy the array. */
function trim(bars: Bar[], limit: number): Bar[] {
  return bars.length > limit + 1024 ? bars.slice(-limit) : bars;
}
