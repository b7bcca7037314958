import type { PairSpec, TickscopeApi, Unsubscribe } from '../../shared/contract';
import type { WatchList, WatchRow } from '../../shared/contract/watchlist';

/** The watchlist channels as the renderer uses them (../shared/contract/watchlist.ts). */
export interface WatchlistPort {
  list(): Promise<WatchList>;
  add(pair: PairSpec): Promise<WatchList>;
  remove(pair: PairSpec): Promise<WatchList>;
  onDidUpdate(listener: (u: { rows: WatchRow[] }) => void): Unsubscribe;
  onDidChange(listener: (list: WatchList) => void): Unsubscribe;
}

/**
 * TEMPORARY until the engine's branch registers the watchlist channels in the contract: the
 * untyped door to them. Replaced by typed `api.invoke('watchlist.…')` calls on merge.
 */
type Loose = {
  invoke(channel: string, arg: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): Unsubscribe;
};

export function watchlistPort(api: TickscopeApi): WatchlistPort {
  const loose = api as unknown as Loose;
  return {
    list: () => loose.invoke('watchlist.list', {}) as Promise<WatchList>,
    add: (pair) => loose.invoke('watchlist.add', pair) as Promise<WatchList>,
    remove: (pair) => loose.invoke('watchlist.remove', pair) as Promise<WatchList>,
    onDidUpdate: (l) => loose.on('watchlist.onDidUpdate', l as (p: unknown) => void),
    onDidChange: (l) => loose.on('watchlist.onDidChange', l as (p: unknown) => void),
  };
}
