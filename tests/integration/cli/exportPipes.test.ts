import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { REPO_ROOT } from '../../support/serveProcess';
import { syntheticTicks } from '../../support/syntheticTrades';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-export-pipes-'));
const db = join(dir, 'x.db');
const BIN = resolve(REPO_ROOT, 'bin/tickscope.mjs');

// About 2 MB of CSV: far more than a pipe buffer (64 KB) or the file-size limit below.
beforeAll(() => {
  const store = openStore(db);
  const ing = createIngestor({
    store,
    timeframes: ['1m'],
    timers: { setTimeout: () => 0, clearTimeout: () => undefined },
  });
  ing.push(syntheticTicks({ symbol: 'BTCUSDT', count: 40_000, seed: 5, firstId: 1 }));
  ing.close();
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs a command line, collecting stderr; `onStdout` sees the child's stdout stream. */
function run(
  command: string,
  args: string[],
  onStdout: (out: NodeJS.ReadableStream & { destroy(): void }) => void,
): Promise<Exit> {
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  onStdout(child.stdout);
  return new Promise((done) => child.once('close', (code, signal) => done({ code, signal, stderr })));
}

describe('tickscope export through pipes and files (real process)', () => {
  it('`export ticks ... | head -1` stops quietly with exit 0 when the reader closes early', async () => {
    let first = '';
    const r = await run(process.execPath, [BIN, 'export', 'ticks', '--symbol', 'BTCUSDT', '--db', db], (out) => {
      out.once('data', (chunk) => {
        first = String(chunk).split('\n')[0]!;
        out.destroy(); // like head -1: read the first line, close the pipe
      });
    });
    expect(first).toBe('ts,symbol,trade_id,price,size,is_buyer_maker');
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
  });

  it('`export --out` that fails midway (file size limit) leaves no partial file, and an existing file intact', async () => {
    const fresh = join(dir, 'fresh.csv');
    const kept = join(dir, 'kept.csv');
    writeFileSync(kept, 'the previous export\n');
    // ulimit -f: writes past 256-512 KB (the shell's block size) fail with EFBIG mid-export.
    const exportTo = (target: string) =>
      run(
        'sh',
        [
          '-c',
          'ulimit -f 512 && exec "$0" "$@"',
          process.execPath,
          BIN,
          'export',
          'ticks',
          '--symbol',
          'BTCUSDT',
          '--db',
          db,
          '--out',
          target,
        ],
        (out) => out.resume(),
      );
    const failures = [await exportTo(fresh), await exportTo(kept)];
    expect(existsSync(fresh)).toBe(false);
    expect(readFileSync(kept, 'utf8')).toBe('the previous export\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    for (const [i, r] of failures.entries()) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`--out ${[fresh, kept][i]}`);
      expect(r.stderr).toMatch(/EFBIG|too large/);
    }
  });
});
