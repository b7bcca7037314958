import { describe, expect, it } from 'vitest';
import type { EngineStatus, FeedState } from '../../../src/shared/contract';
import { sourceHealth, sourceLabel } from '../../../src/renderer/lib/sourceLabel';

function status(source: EngineStatus['source'], states: FeedState[]): EngineStatus {
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].slice(0, states.length);
  return {
    version: 'test',
    source,
    symbols: symbols.map((symbol, i) => ({
      symbol,
      state: states[i],
      messagesPerSec: 0,
      ticksStored: 1,
      lastTickTs: 1,
      gapsFound: 0,
      gapsFilled: 0,
      rejects: 0,
    })),
    dbPath: 'test.db',
    dbSizeBytes: 0,
  };
}

describe('the source button', () => {
  it('a replay that played to its end says finished, with a neutral dot, not a failure', () => {
    const done = status('replay', ['finished', 'finished']);
    expect(sourceLabel(done)).toBe('Replay finished · BTCUSDT, ETHUSDT');
    expect(sourceHealth(done)).toBe('off');
  });

  it('a replay still playing, or stopped short, is not finished', () => {
    expect(sourceLabel(status('replay', ['live', 'finished']))).toBe('Replay · BTCUSDT, ETHUSDT');
    expect(sourceHealth(status('replay', ['stopped', 'stopped']))).toBe('bad');
    expect(sourceHealth(status('replay', ['live', 'live']))).toBe('ok');
  });

  it('names every symbol up to two, then counts the rest', () => {
    expect(sourceLabel(status('live', ['live', 'live', 'live']))).toBe('Live · BTCUSDT, ETHUSDT +1');
  });
});
