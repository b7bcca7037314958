import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { FileReplaySource } from '../../../src/engine/sources/fileReplay';
import { openStore, type SqliteTickStore } from '../../../src/engine/store/sqliteStore';
import type { Tick } from '../../../src/shared/market';
import { tickToFrame } from '../../support/syntheticTrades';

let dir: string;
const start = Date.UTC(2024, 7, 8, 22, 0);
const ticks = new CointegratedPairSim({ seed: 21, startMs: start }).advance(start + 10 * 60_000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-replay-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function storeWith(name: string, input: readonly Tick[]): SqliteTickStore {
  const store = openStore(join(dir, name));
  const ingestor = createIngestor({ store });
  ingestor.push(input);
  ingestor.close();
  return store;
}

async function replayInto(
  name: string,
  files: string[],
  extra: Partial<ConstructorParameters<typeof FileReplaySource>[0]> = {},
) {
  const store = openStore(join(dir, name));
  const ingestor = createIngestor({ store });
  const rejects: string[] = [];
  const sink = {
    push: (t: readonly Tick[]) => ingestor.push(t),
    reject: (_s: string | null, reason: string) => void rejects.push(reason),
  };
  const source = new FileReplaySource({ files, sink, ...extra });
  await source.start();
  await source.finished();
  ingestor.close();
  return { store, rejects, source };
}

describe('replay of stored history and recordings through the pipeline', () => {
  it('a stored database replays into a fresh one with identical ticks and bars', async () => {
    const original = storeWith('history.db', ticks);
    const { store: replayed } = await replayInto('session.db', [join(dir, 'history.db')]);
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      expect([...replayed.iterateTicks({ symbol })]).toEqual([...original.iterateTicks({ symbol })]);
      for (const tf of ['1s', '1m', '5m'] as const)
        expect(replayed.getBars({ symbol, tf })).toEqual(original.getBars({ symbol, tf }));
    }
    original.close();
    replayed.close();
  });

  it('a recorded stream log replays with corrupt lines counted, not stored', async () => {
    const lines = ticks.slice(0, 500).map((t) => `${BigInt(t.ts) * 1_000_000n} ${tickToFrame(t)}`);
    lines.splice(
      100,
      0,
      '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","s":"BTCUSDT","a":1,"p":"NaN","q":"1","T":5,"m":true}}',
      'garbage',
    );
    writeFileSync(join(dir, 'rec.jsonl'), lines.join('\n'));
    const { store, rejects } = await replayInto('s.db', [join(dir, 'rec.jsonl')]);
    expect(store.countTicks({ symbol: 'BTCUSDT' }) + store.countTicks({ symbol: 'ETHUSDT' })).toBe(500);
    expect(rejects).toEqual(['invalid price (NaN or not a number)', 'malformed JSON']);
    store.close();
  });

  it('paces by trade time divided by the speed', async () => {
    storeWith('history.db', ticks).close();
    let clock = 1_000_000;
    const slept: number[] = [];
    const { store } = await replayInto('paced.db', [join(dir, 'history.db')], {
      speed: 10,
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
    });
    const span = ticks[ticks.length - 1].ts - ticks[0].ts;
    const total = slept.reduce((a, b) => a + b, 0);
    // Ten times faster than the recorded 10 minutes: about a minute of (fake) waiting.
    expect(total).toBeGreaterThan(span / 10 - 10);
    expect(total).toBeLessThanOrEqual(span / 10);
    expect(store.countTicks({ symbol: 'BTCUSDT' }) + store.countTicks({ symbol: 'ETHUSDT' })).toBe(ticks.length);
    store.close();
  });

  it('a replay played to its end reports its feeds finished; one stopped midway, stopped', async () => {
    storeWith('history.db', ticks).close();
    const { store, source } = await replayInto('done.db', [join(dir, 'history.db')]);
    expect(source.status().map((s) => [s.symbol, s.state])).toEqual([
      ['BTCUSDT', 'finished'],
      ['ETHUSDT', 'finished'],
    ]);
    store.close();

    // Paced, with a sleep that stops the replay on its first wait: cut short, not finished.
    const cut = openStore(join(dir, 'cut.db'));
    const ingestor = createIngestor({ store: cut });
    let clock = 0;
    let stopping: Promise<void> | null = null;
    const replay: FileReplaySource = new FileReplaySource({
      files: [join(dir, 'history.db')],
      sink: { push: (t) => ingestor.push(t), reject: () => {} },
      speed: 1,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
        stopping ??= replay.stop();
      },
    });
    await replay.start();
    await replay.finished();
    await stopping;
    expect(replay.status().length).toBeGreaterThan(0);
    for (const s of replay.status()) expect(s.state).toBe('stopped');
    ingestor.close();
    cut.close();
  });
});
