import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import type { PairSpec, WatchList } from '../../../src/shared/contract';

let dir: string;
let engine: Engine | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-watchlist-engine-'));
});
afterEach(async () => {
  await engine?.stop();
  engine = null;
  rmSync(dir, { recursive: true, force: true });
});

const PAIR: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 120 };

async function call<T>(e: Engine, channel: string, arg: unknown): Promise<T> {
  const r = await e.dispatcher.dispatch(channel as never, arg as never);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.result as T;
}

describe('the watchlist through the engine', () => {
  it('is validated, persisted in the user’s database and survives a restart; the demo has its own', async () => {
    const dbPath = join(dir, 'user.db');
    engine = await Engine.open({ dbPath, demoDir: join(dir, 'demo'), source: { kind: 'none' } });
    const bad = await engine.dispatcher.dispatch('watchlist.add', { ...PAIR, window: 1 } as never);
    expect(bad.ok).toBe(false);
    const added = await call<WatchList>(engine, 'watchlist.add', PAIR);
    expect(added.rows.map((r) => [r.pair, r.reasons])).toEqual([[PAIR, ['watchlist']]]);
    await engine.stop();

    engine = await Engine.open({ dbPath, demoDir: join(dir, 'demo'), source: { kind: 'none' } });
    expect((await call<WatchList>(engine, 'watchlist.list', {})).rows.map((r) => r.pair)).toEqual([PAIR]);
    // The demo's throwaway database starts with an empty list, and the user's is untouched.
    await engine.setSource({ kind: 'demo' } as never);
    expect(
      (await call<WatchList>(engine, 'watchlist.list', {})).rows.filter((r) => r.reasons.includes('watchlist')),
    ).toEqual([]);
    await engine.setSource({ kind: 'none' } as never);
    expect((await call<WatchList>(engine, 'watchlist.list', {})).rows.map((r) => r.pair)).toEqual([PAIR]);
  });
});
