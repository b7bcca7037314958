import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALERT_MIGRATIONS, migrateAlertTables } from '../../../src/engine/alerts/alertMigrations';
import { MIGRATIONS } from '../../../src/engine/store/migrations';
import { openStore } from '../../../src/engine/store/sqliteStore';

describe('alert tables beside the market-data store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-alert-tables-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('migrate once, idempotently, without touching the store schema version', () => {
    const path = join(dir, 'db.sqlite');
    for (let k = 0; k < 2; k++) {
      const store = openStore(path);
      migrateAlertTables(store.db);
      expect(store.db.prepare('SELECT version FROM alert_schema_version').pluck().get()).toBe(ALERT_MIGRATIONS.length);
      expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      store.close();
    }
  });

  it('refuse a database whose alert tables are newer than this build', () => {
    const store = openStore(join(dir, 'db.sqlite'));
    migrateAlertTables(store.db);
    store.db.prepare('UPDATE alert_schema_version SET version = 99').run();
    expect(() => migrateAlertTables(store.db)).toThrow(/alert tables are at schema version 99/);
    store.close();
  });
});
