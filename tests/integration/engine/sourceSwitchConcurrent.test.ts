import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type SourceConfig, type SourceFactory } from '../../../src/engine/engine';
import type { TickSource } from '../../../src/engine/ports';

/** A turn of the event loop: long enough for another request's awaits to interleave. */
const turn = () => new Promise<void>((r) => setImmediate(r));

/** A feed that only records whether it is running (i.e. would be writing ticks). */
class RecordingSource implements TickSource {
  running = false;
  constructor(readonly kind: TickSource['kind']) {}
  async start(): Promise<void> {
    await turn();
    this.running = true;
  }
  async stop(): Promise<void> {
    await turn();
    this.running = false;
  }
  status() {
    return [];
  }
}

let engine: Engine | null = null;
afterEach(async () => {
  await engine?.stop();
  engine = null;
});

/** An engine whose every source is a RecordingSource, built a turn after it is asked for. */
async function recordingEngine() {
  const built: RecordingSource[] = [];
  const sources: SourceFactory = async (config: SourceConfig) => {
    await turn();
    if (config.kind === 'none') return null;
    const s = new RecordingSource(config.kind);
    built.push(s);
    return s;
  };
  engine = await Engine.open({ dbPath: ':memory:', source: { kind: 'none' } }, sources);
  await engine.start();
  return { engine, built, running: () => built.filter((s) => s.running) };
}

describe('concurrent source changes', () => {
  it('demo then none at once: ends disconnected with no feed left running', async () => {
    const { engine: e, running } = await recordingEngine();
    await Promise.all([e.setSource({ kind: 'demo' }), e.setSource({ kind: 'none' })]);
    expect(e.status().source).toBe('none');
    expect(running()).toEqual([]);
  });

  it('many at once: the last request is the final state, with exactly one feed running', async () => {
    const { engine: e, running } = await recordingEngine();
    const answers = await Promise.all([
      e.dispatcher.dispatch('system.setSource', { kind: 'demo' }),
      e.dispatcher.dispatch('system.setSource', { kind: 'none' }),
      e.dispatcher.dispatch('system.setSource', { kind: 'live', symbols: ['BTCUSDT'] }),
      e.dispatcher.dispatch('system.setSource', { kind: 'demo' }),
    ]);
    // Each answer is the status right after its own change, in request order.
    expect(answers.map((a) => (a.ok ? (a.result as { source: string }).source : a.error.message))).toEqual([
      'demo',
      'none',
      'live',
      'demo',
    ]);
    expect(e.status().source).toBe('demo');
    expect(running().map((s) => s.kind)).toEqual(['demo']);
  });

  it('stop() waits for a change under way and leaves nothing running', async () => {
    const { engine: e, running } = await recordingEngine();
    const switching = e.setSource({ kind: 'demo' });
    const stopped = e.stop();
    engine = null;
    const later = e.setSource({ kind: 'live', symbols: ['BTCUSDT'] }).then(
      () => 'started',
      (err: Error) => err.message,
    );
    await stopped;
    await switching;
    expect(await later).toMatch(/shutting down/);
    expect(running()).toEqual([]);
  });
});
