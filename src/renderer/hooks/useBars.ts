import { useEffect, useState } from 'react';
import type { TickscopeApi } from '../../shared/contract';
import type { Bar, Timeframe } from '../../shared/market';

export interface BarsState {
  bars: Bar[];
  loading: boolean;
  error: string | null;
}

/** Merges pushed bar updates (ascending, last may be forming) into a sorted series. */
export function mergeBars(current: Bar[], update: readonly Bar[]): Bar[] {
  if (update.length === 0) return current;
  const out = current.slice();
  for (const bar of update) {
    const last = out[out.length - 1];
    if (!last || bar.ts > last.ts) out.push(bar);
    else if (bar.ts === last.ts) out[out.length - 1] = bar;
    else {
      // An older bar changed (a refill inserted trades): find and replace or insert it.
      let lo = 0;
      let hi = out.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (out[mid].ts < bar.ts) lo = mid + 1;
        else hi = mid;
      }
      if (out[lo]?.ts === bar.ts) out[lo] = bar;
      else out.splice(lo, 0, bar);
    }
  }
  return out;
}

/** Stored bars for one symbol and timeframe, kept live by the engine's pushes. */
export function useBars(api: TickscopeApi, symbol: string | null, tf: Timeframe, limit = 5000): BarsState {
  const [state, setState] = useState<BarsState>({ bars: [], loading: true, error: null });
  useEffect(() => {
    if (!symbol) {
      setState({ bars: [], loading: false, error: null });
      return;
    }
    let cancelled = false;
    const early: Bar[][] = [];
    let loaded = false;
    setState({ bars: [], loading: true, error: null });
    const off = api.on('market.onDidUpdateBars', (u) => {
      if (u.symbol !== symbol || u.tf !== tf) return;
      if (!loaded) early.push(u.bars);
      else setState((s) => ({ ...s, bars: mergeBars(s.bars, u.bars).slice(-limit) }));
    });
    api
      .invoke('market.getBars', { symbol, tf, limit })
      .then(({ bars }) => {
        if (cancelled) return;
        loaded = true;
        const merged = early.reduce((acc, b) => mergeBars(acc, b), bars);
        setState({ bars: merged.slice(-limit), loading: false, error: null });
      })
      .catch((err: Error) => !cancelled && setState({ bars: [], loading: false, error: err.message }));
    return () => {
      cancelled = true;
      off();
    };
  }, [api, symbol, tf, limit]);
  return state;
}
