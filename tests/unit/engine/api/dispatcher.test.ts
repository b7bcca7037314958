import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../../src/engine/api/dispatcher';
import { Coalescer, EventHub } from '../../../../src/engine/api/eventHub';
import type { RequestHandlers } from '../../../../src/shared/contract';
import { fakeHandlers, sampleBar } from '../../../support/fakeHandlers';

describe('contract dispatcher', () => {
  it("hands the call's client to the handler and tells listeners when a client disconnects", async () => {
    const asked: unknown[] = [];
    const handler = (_q: unknown, call?: { client?: string }) => (asked.push(call?.client), { bars: [] });
    const d = createDispatcher(fakeHandlers({ 'market.getBars': handler }));
    await d.dispatch('market.getBars', { symbol: 'btcusdt', tf: '1s' }, { client: 'ws-1' });
    await d.dispatch('market.getBars', { symbol: 'btcusdt', tf: '1s' });
    expect(asked).toEqual(['ws-1', undefined]);
    const gone: string[] = [];
    const sub = d.onDidDisconnect((c) => gone.push(c));
    d.disconnect('ws-1');
    sub.dispose();
    d.disconnect('ws-2');
    expect(gone).toEqual(['ws-1']);
  });

  it('validates the payload, calls the handler and validates its answer', async () => {
    const seen: unknown[] = [];
    const d = createDispatcher(fakeHandlers({ 'market.getBars': (q) => (seen.push(q), { bars: [sampleBar(1000)] }) }));
    const r = await d.dispatch('market.getBars', { symbol: 'btcusdt', tf: '1s' });
    expect(r).toEqual({ ok: true, result: { bars: [sampleBar(1000)] } });
    // Symbols are case-insensitive on input and reach the handler uppercased.
    expect(seen).toEqual([{ symbol: 'BTCUSDT', tf: '1s' }]);
    expect(d.counters).toEqual({ handled: 1, rejected: 0, failed: 0 });
  });

  it('refuses unknown channels and counts them', async () => {
    const d = createDispatcher(fakeHandlers());
    const r = await d.dispatch('system.rm -rf', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('unknown_channel');
    expect((await d.dispatch(42, {})).ok).toBe(false);
    expect(d.counters.rejected).toBe(2);
  });

  it('refuses bad payloads with a message naming the field, never calling the handler', async () => {
    let called = false;
    const d = createDispatcher(fakeHandlers({ 'market.getBars': () => ((called = true), { bars: [] }) }));
    const bad = [
      { symbol: 'BTCUSDT', tf: '7s' },
      { symbol: 'BTC/USDT', tf: '1s' },
      { symbol: 'BTCUSDT', tf: '1s', limit: -1 },
      { symbol: 'BTCUSDT', tf: '1s', extra: true },
      null,
      'BTCUSDT',
    ];
    for (const payload of bad) {
      const r = await d.dispatch('market.getBars', payload);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad_request');
    }
    const r = await d.dispatch('market.getBars', { symbol: 'BTCUSDT', tf: '7s' });
    if (!r.ok) expect(r.error.message).toMatch(/tf/);
    expect(called).toBe(false);
    expect(d.counters.rejected).toBe(bad.length + 1);
  });

  it('refuses an overview request without a sensible bucket count', async () => {
    let called = 0;
    const d = createDispatcher(
      fakeHandlers({ 'market.getBarOverview': () => (called++, { bars: [], spanMs: 1000, count: 0 }) }),
    );
    for (const buckets of [0, -5, 1.5, 20_001, undefined]) {
      const r = await d.dispatch('market.getBarOverview', { symbol: 'BTCUSDT', tf: '1s', buckets });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/buckets/);
    }
    expect(called).toBe(0);
    expect((await d.dispatch('market.getBarOverview', { symbol: 'BTCUSDT', tf: '1s', buckets: 1200 })).ok).toBe(true);
    expect(called).toBe(1);
    // The thinned analytics series takes the same bucket count, optional there.
    const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 60 };
    const series = createDispatcher(
      fakeHandlers({
        'analytics.getSeries': ({ buckets, ...spec }) => ({
          pair: spec,
          points: [],
          ...(buckets ? { spanMs: 1000 } : {}),
        }),
      }),
    );
    expect((await series.dispatch('analytics.getSeries', { ...pair, buckets: 0 })).ok).toBe(false);
    expect(await series.dispatch('analytics.getSeries', { ...pair, buckets: 500 })).toMatchObject({
      ok: true,
      result: { spanMs: 1000 },
    });
    expect(await series.dispatch('analytics.getSeries', pair)).toEqual({ ok: true, result: { pair, points: [] } });
  });

  it('reports a handler failure or an invalid answer as an error, not a crash', async () => {
    const d = createDispatcher(
      fakeHandlers({
        'system.ping': () => {
          throw new Error('boom');
        },
        'market.listSymbols': () => ({ symbols: [1, 2] }) as unknown as { symbols: string[] },
      }),
    );
    const a = await d.dispatch('system.ping', {});
    const b = await d.dispatch('market.listSymbols', {});
    expect(a).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(b).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(d.counters.failed).toBe(2);
  });
});

describe('event hub and coalescing', () => {
  it('drops invalid payloads and counts them', () => {
    const hub = new EventHub();
    const got: unknown[] = [];
    hub.subscribe((e, p) => got.push([e, p]));
    hub.emit('market.onDidUpdateBars', { symbol: 'X', tf: '1s', bars: [{ nope: 1 }] } as never);
    expect(got).toEqual([]);
    expect(hub.invalid).toBe(1);
  });

  it('sends at most one push per topic per interval, merging what arrived', () => {
    const hub = new EventHub();
    const got: { symbol: string; bars: number[] }[] = [];
    hub.subscribe((_e, p) => {
      const u = p as { symbol: string; bars: { ts: number }[] };
      got.push({ symbol: u.symbol, bars: u.bars.map((b) => b.ts) });
    });
    const timers: (() => void)[] = [];
    const c = new Coalescer(
      hub,
      'market.onDidUpdateBars',
      (a, b) => ({ ...a, bars: [...a.bars.filter((x) => !b.bars.some((y) => y.ts === x.ts)), ...b.bars] }),
      100,
      { setTimeout: (fn) => timers.push(fn), clearTimeout: () => undefined },
    );
    for (let i = 0; i < 50; i++)
      c.push('BTC', { symbol: 'BTCUSDT', tf: '1s', bars: [sampleBar(1000 * (1 + (i % 3)))] });
    c.push('ETH', { symbol: 'ETHUSDT', tf: '1s', bars: [sampleBar(5000, 'ETHUSDT')] });
    expect(got).toEqual([]);
    expect(timers).toHaveLength(1);
    timers[0]();
    expect(got).toHaveLength(2);
    expect(got[0].symbol).toBe('BTCUSDT');
    expect(got[1]).toEqual({ symbol: 'ETHUSDT', bars: [5000] });
    expect(new Set(got[0].bars)).toEqual(new Set([1000, 2000, 3000]));
  });
});

describe('handlers type', () => {
  it('fakeHandlers covers every channel of the contract', async () => {
    const h: RequestHandlers = fakeHandlers();
    const d = createDispatcher(h);
    expect((await d.dispatch('system.ping', {})).ok).toBe(true);
  });
});
