import { useEffect, useState } from 'react';
import type { TickscopeApi } from '../../shared/contract';

export interface ExchangeSymbols {
  symbols: string[];
  /** 'exchange': Binance's trading list; 'stored': Binance was unreachable, these are ours. */
  origin: 'exchange' | 'stored' | null;
  error: string | null;
}

/**
 * The symbols a trader can pick from: Binance's trading USD-M list, so a pair with no
 * stored data yet can be chosen and then connected live. Asked again when the source
 * changes, since an offline start may be followed by a working connection.
 */
export function useExchangeSymbols(api: TickscopeApi, sourceKey: string): ExchangeSymbols {
  const [state, setState] = useState<ExchangeSymbols>({ symbols: [], origin: null, error: null });
  useEffect(() => {
    // The source is not known before the first status: asking then would ask twice.
    if (!sourceKey) return;
    let cancelled = false;
    api.invoke('market.listExchangeSymbols', {}).then(
      (r) => !cancelled && setState({ symbols: r.symbols, origin: r.origin, error: r.error ?? null }),
      // An engine without the channel (or a failed call) leaves the stored symbols to the pickers.
      (e: Error) => !cancelled && setState((s) => ({ ...s, error: e.message })),
    );
    return () => {
      cancelled = true;
    };
  }, [api, sourceKey]);
  return state;
}
