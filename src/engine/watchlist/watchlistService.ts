import type { Database } from 'better-sqlite3';
import { watchRowOf, type FollowedFigures } from '../../core/analytics/live/watchRow';
import { pairKey, pairSpecSchema, type PairSpec, type RequestHandlers, type WatchList } from '../../shared/contract';
import type { EventHub } from '../api/eventHub';
import { DisposableStore, RunOnceScheduler, realTimers, type Disposable, type Timers } from '../lifecycle';
import { openWatchlistStore, type WatchlistStore } from './watchlistStore';

export type WatchlistHandlers = Pick<RequestHandlers, 'watchlist.list' | 'watchlist.add' | 'watchlist.remove'>;

/** The engine's watch set as the watchlist sees it (the analytics service implements it). */
export interface WatchSource {
  /** The user's watchlist changed: follow exactly these pairs for it. */
  setWatchlist(pairs: readonly PairSpec[]): void;
  /** Every followed pair (screen, alert rules, watchlist) with its latest figures. */
  followed(): FollowedFigures[];
  /** The set of followed pairs (or the reasons of one) changed. */
  onDidChangeFollowed(listener: () => void): Disposable;
  /** Figures of these pairs (pairKey) changed: a fold, an evaluation. */
  onDidChangeFigures(listener: (keys: readonly string[]) => void): Disposable;
}

export interface WatchlistServiceOptions {
  /** The engine's database: the watchlist table lives beside the store's. */
  db: Database;
  hub: EventHub;
  source: WatchSource;
  /** Wall clock (added_at, the stale state). */
  now?: () => number;
  timers?: Timers;
  /** watchlist.onDidUpdate at most this often (default 250 ms: ≤ 4 Hz). */
  updateEveryMs?: number;
  onError?: (err: unknown) => void;
}

export interface WatchlistService extends Disposable {
  readonly handlers: WatchlistHandlers;
  /** The user's watchlist (persisted), in the order added. */
  pairs(): PairSpec[];
  list(): WatchList;
}

/**
 * The user's watchlist (persisted per database) and the rows of every followed pair. Rows
 * are made from the analytics service's figures, so a row's z is the z the alerts judged
 * and the charts draw. Updates are coalesced to ≤ 4 Hz and carry only the rows that changed;
 * a change of the followed set sends the whole list.
 */
export function createWatchlistService(opts: WatchlistServiceOptions): WatchlistService {
  const now = opts.now ?? Date.now;
  const store: WatchlistStore = openWatchlistStore(opts.db);
  const owned = new DisposableStore();
  const loaded = store.list();
  for (const bad of loaded.invalid) {
    opts.onError?.(new Error(`stored watchlist pair ${bad.key} no longer validates and is not followed: ${bad.error}`));
  }
  let watchlist = loaded.pairs;
  opts.source.setWatchlist(watchlist);

  const list = (): WatchList => {
    const t = now();
    return { rows: opts.source.followed().map((f) => watchRowOf(f, t)) };
  };

  const dirty = new Set<string>();
  const flushUpdate = (): void => {
    if (dirty.size === 0) return;
    const keys = new Set(dirty);
    dirty.clear();
    const t = now();
    const rows = opts.source
      .followed()
      .filter((f) => keys.has(pairKey(f.pair)))
      .map((f) => watchRowOf(f, t));
    if (rows.length > 0) opts.hub.emit('watchlist.onDidUpdate', { rows });
  };
  const updates = owned.add(new RunOnceScheduler(flushUpdate, opts.updateEveryMs ?? 250, opts.timers ?? realTimers));
  owned.add(
    opts.source.onDidChangeFigures((keys) => {
      for (const k of keys) dirty.add(k);
      // Trailing edge, never rescheduled: at most one update per interval however busy.
      if (!updates.isScheduled) updates.schedule();
    }),
  );
  owned.add(opts.source.onDidChangeFollowed(() => opts.hub.emit('watchlist.onDidChange', list())));

  const validated = (pair: PairSpec): PairSpec => pairSpecSchema.parse(pair);
  const handlers: WatchlistHandlers = {
    'watchlist.list': () => list(),
    'watchlist.add': (pair) => {
      const spec = validated(pair);
      if (store.add(spec, now())) {
        watchlist = store.list().pairs;
        opts.source.setWatchlist(watchlist);
      }
      return list();
    },
    'watchlist.remove': (pair) => {
      const spec = validated(pair);
      if (store.remove(spec)) {
        watchlist = store.list().pairs;
        opts.source.setWatchlist(watchlist);
      }
      return list();
    },
  };

  return {
    handlers,
    pairs: () => [...watchlist],
    list,
    dispose: () => owned.dispose(),
  };
}
