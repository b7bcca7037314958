import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 is compiled for one ABI. node_modules holds the Node build (tests, CLI);
 * `npm install` also builds one for Electron into .native/electron/ (scripts/native/
 * electron-sqlite.mjs), which the app loads through better-sqlite3's nativeBinding option.
 * A packaged app has its node_modules rebuilt for Electron by electron-builder, so there
 * the default binding is right and this returns undefined.
 */
export function electronSqliteBinding(appRoot: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const built = join(appRoot, '.native', 'electron', 'better_sqlite3.node');
  return existsSync(built) ? built : undefined;
}
