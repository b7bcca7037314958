import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/sim/prng';
import { Engine } from '../../../src/engine/engine';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { DamagedDatabaseError, openStore } from '../../../src/engine/store';
import { runCli } from '../../support/cliRun';
import { syntheticTicks } from '../../support/syntheticTrades';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-damaged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a database damaged mid-file', () => {
  const dbPath = join(dir, 'damaged.db');

  it('is refused at open with a clear message, by the store, the engine and the CLI', async () => {
    const store = openStore(dbPath);
    const ingestor = createIngestor({ store });
    ingestor.push(syntheticTicks({ count: 20_000, seed: 3 }));
    ingestor.close();
    store.close(); // checkpoints the WAL into the file
    const size = statSync(dbPath).size;
    expect(size).toBeGreaterThan(64 * 4096);
    // Overwrite two pages in the middle with noise, as a bad sector or a torn copy would.
    const rnd = mulberry32(7);
    const noise = Buffer.alloc(8192, 0).map(() => Math.floor(rnd() * 256));
    const fd = openSync(dbPath, 'r+');
    writeSync(fd, noise, 0, noise.length, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);

    const expected = `${dbPath} is damaged (SQLite: `;
    expect(() => openStore(dbPath)).toThrow(DamagedDatabaseError);
    expect(() => openStore(dbPath, { readonly: true })).toThrow(expected);
    await expect(Engine.open({ dbPath, source: { kind: 'none' } })).rejects.toThrow(expected);
    const r = await runCli(['export', 'ticks', '--symbol', 'BTCUSDT', '--db', dbPath]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^tickscope export: .*damaged\.db is damaged \(SQLite: .+\); it was not opened: restore a backup or move the file aside\n$/,
    );
  });
});
