import type { PairSpec, TickscopeApi, Unsubscribe, WatchList, WatchRow } from '../../shared/contract';

/**
 * The watchlist channels (../shared/contract/watchlist.ts) as the renderer uses them: a
 * narrow port, so the hook's connection logic is tested against a fake engine.
 */
export interface WatchlistPort {
  list(): Promise<WatchList>;
  add(pair: PairSpec): Promise<WatchList>;
  remove(pair: PairSpec): Promise<WatchList>;
  onDidUpdate(listener: (u: { rows: WatchRow[] }) => void): Unsubscribe;
  onDidChange(listener: (list: WatchList) => void): Unsubscribe;
}

export function watchlistPort(api: TickscopeApi): WatchlistPort {
  return {
    list: () => api.invoke('watchlist.list', {}),
    add: (pair) => api.invoke('watchlist.add', pair),
    remove: (pair) => api.invoke('watchlist.remove', pair),
    onDidUpdate: (l) => api.on('watchlist.onDidUpdate', l),
    onDidChange: (l) => api.on('watchlist.onDidChange', l),
  };
}
