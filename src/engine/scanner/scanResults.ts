import type { Database } from 'better-sqlite3';
import { scanResultSchema, type ScanResultView } from '../../shared/contract';

/**
 * The dashboard's finished scans, kept in the database they were scanned from so that
 * reopening the app (or switching back from the demo) shows the last scan. One JSON document
 * per scan: the table is read whole, never queried by column. A table of its own, created on
 * first use, rather than a store migration: scans are the dashboard's, not the recorder's.
 */
const TABLE = `
  CREATE TABLE IF NOT EXISTS scan_results (
    id      INTEGER PRIMARY KEY,
    ran_at  INTEGER NOT NULL,
    result  TEXT    NOT NULL
  )`;

/** Older scans are dropped: the view shows the latest, and 200 symbols make a 7 MB document. */
export const KEPT_SCANS = 3;

export function saveScanResult(db: Database, result: ScanResultView): void {
  db.exec(TABLE);
  const tx = db.transaction(() => {
    db.prepare('INSERT INTO scan_results (ran_at, result) VALUES (?, ?)').run(
      Math.round(result.ranAt),
      JSON.stringify(result),
    );
    db.prepare('DELETE FROM scan_results WHERE id NOT IN (SELECT id FROM scan_results ORDER BY id DESC LIMIT ?)').run(
      KEPT_SCANS,
    );
  });
  tx();
}

/**
 * The latest saved scan, or null (none yet, or the database is read-only and never had one).
 * A document that no longer fits the contract (written by another version) counts as none.
 */
export function latestScanResult(db: Database): ScanResultView | null {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'scan_results'").pluck().get();
  if (!exists) return null;
  const text = db.prepare('SELECT result FROM scan_results ORDER BY id DESC LIMIT 1').pluck().get() as
    string | undefined;
  if (text === undefined) return null;
  const parsed = scanResultSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}
