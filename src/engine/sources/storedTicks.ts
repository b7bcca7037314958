import type { Tick } from '../../shared/market';
import { openStore, type SqliteTickStore } from '../store/sqliteStore';

/**
 * Every tick of a stored database in trade-time order across symbols (a k-way merge of the
 * per-symbol streams, each already ascending by (ts, trade id)), read lazily so a replay of
 * months of history keeps memory flat. One read-only connection per symbol: SQLite allows
 * one running statement per connection.
 */
export function* storedTicks(path: string, nativeBinding?: string): Generator<Tick> {
  // The first connection checks the file; the per-symbol readers need not again.
  const index = openStore(path, { readonly: true, nativeBinding });
  const open = () => openStore(path, { readonly: true, nativeBinding, verify: false });
  const symbols = index.listSymbols();
  index.close();
  const heads: { store: SqliteTickStore; it: Iterator<Tick>; tick: Tick }[] = [];
  try {
    for (const symbol of symbols) {
      const store = open();
      const it = store.iterateTicks({ symbol });
      const first = it.next();
      if (first.done) store.close();
      else heads.push({ store, it, tick: first.value });
    }
    while (heads.length > 0) {
      let k = 0;
      for (let i = 1; i < heads.length; i++) {
        const a = heads[i].tick;
        const b = heads[k].tick;
        if (a.ts < b.ts || (a.ts === b.ts && a.symbol < b.symbol)) k = i;
      }
      yield heads[k].tick;
      const next = heads[k].it.next();
      if (next.done) heads.splice(k, 1)[0].store.close();
      else heads[k].tick = next.value;
    }
  } finally {
    for (const h of heads) {
      h.it.return?.();
      h.store.close();
    }
  }
}
