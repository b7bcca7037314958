import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store';
import { naiveBars, syntheticTicks } from '../../support/syntheticTrades';

it('survives SIGKILL mid-write: integrity ok, and re-ingesting completes the set exactly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-crash-'));
  const db = join(dir, 'crash.db');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../support/crashWriter.ts'), db], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && res());
      child.on('exit', (code) => rej(new Error(`writer exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));

    const store = openStore(db);
    expect(store.integrityCheck()).toBe('ok');
    const before = store.countTicks({ symbol: 'BTCUSDT' });
    expect(before).toBeGreaterThan(0);
    // a restart refills: the same source replayed stores only what was missing
    const all = syntheticTicks({ count: 200_000, seed: 99, meanGapMs: 20 }).slice(0, 50_000);
    const ing = createIngestor({ store, maxBatch: 5000 });
    ing.push(all);
    ing.close();
    const ids = [...store.iterateTicks({ symbol: 'BTCUSDT', to: all[all.length - 1]!.ts })].map((t) => t.tradeId);
    expect(ids.slice(0, all.length)).toEqual(all.map((t) => t.tradeId));
    // bars over the re-ingested range are exact (committed bars and ticks always agree)
    const ref = naiveBars(all, 60_000);
    const lastFull = [...ref.keys()].at(-2)!;
    for (const b of store.getBars({ symbol: 'BTCUSDT', tf: '1m', to: lastFull })) {
      const r = ref.get(b.ts)!;
      expect([b.open, b.close, b.trades]).toEqual([r.open, r.close, r.trades]);
    }
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
