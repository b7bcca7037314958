import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../../src/engine/store/sqliteStore';
import { electronSqliteBinding } from '../../../../src/main/nativeBinding';
import { REPO_ROOT } from '../../../support/serveProcess';

describe('better-sqlite3 for two ABIs', () => {
  it('the app picks .native/electron/better_sqlite3.node when it was built, and the default when packaged', () => {
    const root = mkdtempSync(join(tmpdir(), 'tickscope-native-'));
    expect(electronSqliteBinding(root, false)).toBeUndefined();
    mkdirSync(join(root, '.native/electron'), { recursive: true });
    writeFileSync(join(root, '.native/electron/better_sqlite3.node'), '');
    expect(electronSqliteBinding(root, false)).toBe(join(root, '.native/electron/better_sqlite3.node'));
    expect(electronSqliteBinding(root, true)).toBeUndefined();
    rmSync(root, { recursive: true, force: true });
  });

  it('the store loads an explicit nativeBinding (the mechanism the Electron build uses)', () => {
    const pkg = createRequire(join(REPO_ROOT, 'package.json')).resolve('better-sqlite3/package.json');
    const nodeBuild = join(dirname(pkg), 'build/Release/better_sqlite3.node');
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-native-'));
    const store = openStore(join(dir, 'x.db'), { nativeBinding: nodeBuild });
    store.insertTicks([{ symbol: 'BTCUSDT', tradeId: 1, ts: 1000, price: 10, size: 1, isBuyerMaker: false }]);
    expect(store.lastTradeId('BTCUSDT')).toBe(1);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
