import { useEffect, useState } from 'react';
import type { TickscopeApi } from '../../shared/contract';
import type { Bar, Timeframe } from '../../shared/market';
import { mergeByTs } from '../lib/mergeByTs';

export interface BarsState {
  bars: Bar[];
  loading: boolean;
  error: string | null;
  /** `symbol|tf` these bars belong to: a view change renders once before the new load starts. */
  of: string | null;
}

/** A day of 1 s bars (86,400) plus room: the charts downsample, so holding them is cheap. */
export const BARS_LIMIT = 100_000;

/** Stored bars for one symbol and timeframe, kept live by the engine's pushes. */
export function useBars(api: TickscopeApi, symbol: string | null, tf: Timeframe, limit = BARS_LIMIT): BarsState {
  const [state, setState] = useState<BarsState>({ bars: [], loading: true, error: null, of: null });
  useEffect(() => {
    if (!symbol) {
      setState({ bars: [], loading: false, error: null, of: null });
      return;
    }
    let cancelled = false;
    const early: Bar[][] = [];
    let loaded = false;
    const of = `${symbol}|${tf}`;
    setState({ bars: [], loading: true, error: null, of });
    const off = api.on('market.onDidUpdateBars', (u) => {
      if (u.symbol !== symbol || u.tf !== tf) return;
      // Pushes that race the initial load are kept and folded in once it lands.
      if (!loaded) early.push(u.bars);
      else setState((s) => ({ ...s, bars: trim(mergeByTs(s.bars, u.bars), limit) }));
    });
    api
      .invoke('market.getBars', { symbol, tf, limit })
      .then(({ bars }) => {
        if (cancelled) return;
        loaded = true;
        const merged = early.reduce((acc, b) => mergeByTs(acc, b), bars);
        setState({ bars: trim(merged, limit), loading: false, error: null, of });
      })
      .catch((err: Error) => !cancelled && setState({ bars: [], loading: false, error: err.message, of }));
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
