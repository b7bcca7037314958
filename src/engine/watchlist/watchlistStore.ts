import type { Database } from 'better-sqlite3';
import { pairKey, pairSpecSchema, type PairSpec } from '../../shared/contract';

/**
 * A row's key is the contract's pairKey(spec): the legs, tf and window and, unless it is
 * raw OLS, the spread definition, so one pair under two definitions is two rows (the
 * migration's comment predates spread definitions; migrations are append only).
 *
 * The watchlist's table lives in the engine's database (so the demo's throwaway database has
 * its own list) with its own schema version, like the alert tables: it migrates
 * independently of the market-data store's PRAGMA user_version. Append only.
 */
export const WATCHLIST_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE watchlist_pairs (
    -- pairKey(spec): one row per (y, x, tf, window)
    key        TEXT    PRIMARY KEY,
    -- insertion order, so the list does not reshuffle
    position   INTEGER NOT NULL,
    json       TEXT    NOT NULL,
    added_at   INTEGER NOT NULL
  );
  `,
];

export function migrateWatchlistTables(db: Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS watchlist_schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
  );
  const row = db.prepare('SELECT version FROM watchlist_schema_version WHERE id = 1').get() as
    { version: number } | undefined;
  const version = row?.version ?? 0;
  if (version > WATCHLIST_MIGRATIONS.length) {
    throw new Error(
      `watchlist tables are at schema version ${version}, newer than this Tickscope (${WATCHLIST_MIGRATIONS.length}); upgrade the app`,
    );
  }
  for (let v = version; v < WATCHLIST_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(WATCHLIST_MIGRATIONS[v]!);
      db.prepare(
        'INSERT INTO watchlist_schema_version (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
      ).run(v + 1);
    })();
  }
}

/** The user's watchlist: the pairs they asked to follow, in the order they added them. */
export interface WatchlistStore {
  /** Pairs in insertion order; rows that no longer validate are reported, not loaded. */
  list(): { pairs: PairSpec[]; invalid: { key: string; error: string }[] };
  /** Adds a pair; false when it was already there. */
  add(pair: PairSpec, now: number): boolean;
  /** Removes a pair; false when it was not there. */
  remove(pair: PairSpec): boolean;
}

export function openWatchlistStore(db: Database): WatchlistStore {
  migrateWatchlistTables(db);
  const select = db.prepare('SELECT key, json FROM watchlist_pairs ORDER BY position, key');
  const insert = db.prepare(
    `INSERT INTO watchlist_pairs (key, position, json, added_at)
     VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM watchlist_pairs), ?, ?)
     ON CONFLICT (key) DO NOTHING`,
  );
  const remove = db.prepare('DELETE FROM watchlist_pairs WHERE key = ?');
  return {
    list() {
      const pairs: PairSpec[] = [];
      const invalid: { key: string; error: string }[] = [];
      for (const row of select.all() as { key: string; json: string }[]) {
        let parsed: ReturnType<typeof pairSpecSchema.safeParse>;
        try {
          parsed = pairSpecSchema.safeParse(JSON.parse(row.json));
        } catch (err) {
          invalid.push({ key: row.key, error: err instanceof Error ? err.message : String(err) });
          continue;
        }
        if (parsed.success) pairs.push(parsed.data);
        else invalid.push({ key: row.key, error: parsed.error.message });
      }
      return { pairs, invalid };
    },
    add(pair, now) {
      const spec = pairSpecSchema.parse(pair);
      return insert.run(pairKey(spec), JSON.stringify(spec), now).changes > 0;
    },
    remove(pair) {
      return remove.run(pairKey(pair)).changes > 0;
    },
  };
}
