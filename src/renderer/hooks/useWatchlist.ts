import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PairSpec, TickscopeApi } from '../../shared/contract';
import type { WatchRow } from '../../shared/contract/watchlist';
import { watchlistPort, type WatchlistPort } from '../api/watchlistPort';
import { mergeWatchRows, replaceWatchRows } from '../lib/watchlist/watchRows';

export interface WatchlistState {
  /** Every followed pair (screen, alert rules, the watchlist) with its latest figures. */
  rows: WatchRow[];
  loaded: boolean;
  /** Why the engine refused the list (it is asked again every RETRY_MS meanwhile). */
  error: string | null;
}

export interface WatchlistHandle extends WatchlistState {
  /** Adds a pair to the user's watchlist; a refusal is told by `onError` (a toast). */
  add(pair: PairSpec): Promise<boolean>;
  remove(pair: PairSpec): Promise<boolean>;
}

const RETRY_MS = 5_000;
const EMPTY: WatchlistState = { rows: [], loaded: false, error: null };

/** Timers the connection uses, injected so tests run without waiting. */
export interface RetryTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}
const windowTimer: RetryTimer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Loads watchlist.list and keeps it current: onDidUpdate rows are merged by pairKey,
 * onDidChange replaces the set. Pushes that arrive before the first answer are applied on
 * top of it (they may be newer). A refused list is asked again every `retryMs`: the engine
 * may be one without the watchlist yet. Returns the disposer.
 */
export function connectWatchlist(
  port: WatchlistPort,
  set: (update: (s: WatchlistState) => WatchlistState) => void,
  opts: { retryMs?: number; timer?: RetryTimer } = {},
): () => void {
  const timer = opts.timer ?? windowTimer;
  let disposed = false;
  let loaded = false;
  let retry: unknown;
  const early: WatchRow[][] = [];
  const offUpdate = port.onDidUpdate(({ rows }) => {
    if (!loaded) early.push(rows);
    else set((s) => ({ ...s, rows: mergeWatchRows(s.rows, rows) }));
  });
  const offChange = port.onDidChange((list) => {
    loaded = true;
    timer.clear(retry);
    set((s) => {
      let rows = replaceWatchRows(s.rows, list.rows);
      for (const u of early.splice(0)) rows = mergeWatchRows(rows, u);
      return { rows, loaded: true, error: null };
    });
  });
  const load = () => {
    port.list().then(
      (list) => {
        // A whole list pushed while we waited (onDidChange) is at least as new as this answer.
        if (disposed || loaded) return;
        loaded = true;
        set(() => {
          let rows = list.rows;
          for (const u of early.splice(0)) rows = mergeWatchRows(rows, u);
          return { rows, loaded: true, error: null };
        });
      },
      (err: unknown) => {
        if (disposed) return;
        set((s) => ({ ...s, loaded: true, error: err instanceof Error ? err.message : String(err) }));
        retry = timer.set(load, opts.retryMs ?? RETRY_MS);
      },
    );
  };
  load();
  return () => {
    disposed = true;
    timer.clear(retry);
    offUpdate();
    offChange();
  };
}

/**
 * The watch rows and add/remove for the dashboard. Add/remove answer the new list, which
 * replaces the shown one at once (the onDidChange push that follows agrees); a refusal goes
 * to `onError` and leaves the list as it was. Loaded again when `dbKey` changes (the engine
 * moved to another database: the demo's, or back).
 */
export function useWatchlist(
  api: TickscopeApi,
  onError: (message: string) => void,
  dbKey: string | null = null,
): WatchlistHandle {
  const [state, setState] = useState<WatchlistState>(EMPTY);
  const port = useMemo(() => watchlistPort(api), [api]);

  useEffect(() => {
    setState(EMPTY);
    return connectWatchlist(port, setState);
  }, [port, dbKey]);

  const change = useCallback(
    async (what: 'add' | 'remove', pair: PairSpec) => {
      try {
        const list = await port[what](pair);
        setState((s) => ({ rows: replaceWatchRows(s.rows, list.rows), loaded: true, error: null }));
        return true;
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        onError(`Could not ${what} ${pair.y}/${pair.x} ${pair.tf} W${pair.window}: ${why}`);
        return false;
      }
    },
    [port, onError],
  );
  const add = useCallback((pair: PairSpec) => change('add', pair), [change]);
  const remove = useCallback((pair: PairSpec) => change('remove', pair), [change]);
  return { ...state, add, remove };
}
