import { describe, expect, it } from 'vitest';
import { withPrefetch } from '../../../src/renderer/api/prefetch';
import type { TickscopeApi } from '../../../src/shared/contract';

/** An api that records what reached the engine and answers each call with its sequence number. */
function recordingApi(fail = false) {
  const calls: { channel: string; arg: unknown }[] = [];
  const api = {
    invoke: (channel: string, arg: unknown) => {
      calls.push({ channel, arg });
      return fail ? Promise.reject(new Error('engine down')) : Promise.resolve({ n: calls.length });
    },
    on: () => () => undefined,
  } as unknown as TickscopeApi;
  return { api, calls };
}

describe('withPrefetch (the dashboard asks its first questions before React renders)', () => {
  it('sends the prefetched requests at once and hands each answer to the first caller only', async () => {
    const { api, calls } = recordingApi();
    const early = withPrefetch(api, ['system.getStatus', 'market.listSymbols']);
    expect(calls.map((c) => c.channel)).toEqual(['system.getStatus', 'market.listSymbols']);
    expect(await early.invoke('market.listSymbols', {})).toEqual({ n: 2 });
    expect(calls).toHaveLength(2);
    // A refresh is a new question to the engine.
    expect(await early.invoke('market.listSymbols', {})).toEqual({ n: 3 });
    expect(calls).toHaveLength(3);
  });

  it('passes through other channels and calls with arguments', async () => {
    const { api, calls } = recordingApi();
    const early = withPrefetch(api, ['system.getStatus']);
    await early.invoke('market.getBars', { symbol: 'BTCUSDT', tf: '1s' });
    expect(calls.at(-1)).toEqual({ channel: 'market.getBars', arg: { symbol: 'BTCUSDT', tf: '1s' } });
  });

  it('reports a failed prefetch to the caller that claims it, and never as an unhandled rejection', async () => {
    const { api } = recordingApi(true);
    const early = withPrefetch(api, ['system.getStatus', 'market.listSymbols']);
    await expect(early.invoke('system.getStatus', {})).rejects.toThrow('engine down');
    // market.listSymbols is never claimed: vitest fails the run on an unhandled rejection.
    await new Promise((r) => setTimeout(r, 0));
  });
});
