import type { Database } from 'better-sqlite3';

/**
 * The alert tables live in the engine's database but have their own schema version (table
 * alert_schema_version), so they migrate independently of the market-data store's
 * PRAGMA user_version. Append only: a shipped migration is never edited.
 */
export const ALERT_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE alert_rules (
    id         TEXT    PRIMARY KEY,
    -- creation order, kept across edits so the rule list does not reshuffle
    position   INTEGER NOT NULL,
    json       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE alert_rule_state (
    rule_id TEXT PRIMARY KEY,
    json    TEXT NOT NULL
  );
  -- The audit log: kept when its rule is deleted.
  CREATE TABLE alert_history (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_id   TEXT    NOT NULL,
    rule_name TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    ts        INTEGER NOT NULL,
    fired_at  INTEGER NOT NULL,
    symbol    TEXT,
    pair      TEXT,
    value     REAL    NOT NULL,
    threshold REAL    NOT NULL,
    message   TEXT    NOT NULL
  );
  CREATE INDEX alert_history_by_ts ON alert_history (ts);
  CREATE INDEX alert_history_by_rule ON alert_history (rule_id, ts);
  `,
];

export function migrateAlertTables(db: Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS alert_schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
  );
  const row = db.prepare('SELECT version FROM alert_schema_version WHERE id = 1').get() as
    { version: number } | undefined;
  const version = row?.version ?? 0;
  if (version > ALERT_MIGRATIONS.length) {
    throw new Error(
      `alert tables are at schema version ${version}, newer than this Tickscope (${ALERT_MIGRATIONS.length}); upgrade the app`,
    );
  }
  for (let v = version; v < ALERT_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(ALERT_MIGRATIONS[v]!);
      db.prepare(
        'INSERT INTO alert_schema_version (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
      ).run(v + 1);
    })();
  }
}
