import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileReplaySource } from '../../../src/engine/sources/fileReplay';
import type { Tick } from '../../../src/shared/market';
import { gzipWithHugeLine } from '../../support/hugeLine';
import { syntheticTicks, tickToFrame } from '../../support/syntheticTrades';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-replay-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replay of a hostile recording', () => {
  it('a 600 MiB line in a small .gz ends that file with a reason instead of crashing; the rest plays', async () => {
    const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 20, seed: 8 });
    const gz = join(dir, 'huge.jsonl.gz');
    writeFileSync(gz, gzipWithHugeLine(ticks.map((t) => tickToFrame(t)).join('\n') + '\n', 600));
    const pushed: Tick[] = [];
    const rejects: string[] = [];
    const next = join(dir, 'next.jsonl');
    const more = syntheticTicks({ symbol: 'ETHUSDT', count: 5, seed: 9 });
    writeFileSync(next, more.map((t) => tickToFrame(t)).join('\n'));
    const source = new FileReplaySource({
      files: [gz, next],
      sink: { push: (t) => void pushed.push(...t), reject: (_s, reason) => void rejects.push(reason) },
    });
    await source.start();
    await source.finished();
    expect(rejects).toEqual([
      `replay failed: ${gz}: line 21 is longer than 1 MiB (the longest line read); not a Binance file?`,
    ]);
    expect(pushed).toEqual([...ticks, ...more]);
    // It played to the end of its files (the broken one ended early, with its reason): finished.
    expect(source.status().map((s) => s.state)).toEqual(['finished', 'finished']);
  });
});
