import { useEffect, useState } from 'react';
import type { TickscopeApi } from '../../shared/contract';

/** Symbols with stored data; refreshed when the status changes (a new feed's first trades). */
export function useSymbols(api: TickscopeApi): { symbols: string[]; loaded: boolean } {
  const [state, setState] = useState<{ symbols: string[]; loaded: boolean }>({ symbols: [], loaded: false });
  useEffect(() => {
    let last: string | null = null;
    const refresh = () =>
      api.invoke('market.listSymbols', {}).then(
        ({ symbols }) => {
          const k = symbols.join(',');
          if (k === last) return;
          last = k;
          setState({ symbols, loaded: true });
        },
        () => setState((s) => ({ ...s, loaded: true })),
      );
    void refresh();
    return api.on('system.onDidChangeStatus', () => void refresh());
  }, [api]);
  return state;
}
