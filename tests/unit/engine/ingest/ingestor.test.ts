import { describe, expect, it } from 'vitest';
import { createIngestor } from '../../../../src/engine/ingest/ingestor';
import { openStore } from '../../../../src/engine/store';
import { TIMEFRAMES, timeframeMs, type Bar } from '../../../../src/shared/market';
import { interleave, naiveBars, seededRandom, syntheticTicks } from '../../../support/syntheticTrades';

function manualTimers() {
  const pending: (() => void)[] = [];
  return {
    setTimer: (fn: () => void) => {
      pending.push(fn);
      return pending.length;
    },
    clearTimer: () => {
      pending.length = 0;
    },
    fire: () => pending.splice(0).forEach((f) => f()),
    pending,
  };
}

describe('ingestor', () => {
  it('stores, dedups, builds every timeframe and publishes after the commit', () => {
    const store = openStore(':memory:');
    const timers = manualTimers();
    const published: Bar[][] = [];
    const ing = createIngestor({
      store,
      ...timers,
      maxBatch: 1000,
      onBars: (bars) => {
        // cache written before the event: every published bar is already readable
        for (const b of bars) expect(store.getBars({ symbol: b.symbol, tf: b.tf, from: b.ts, to: b.ts })[0]).toEqual(b);
        published.push(bars);
      },
    });
    const a = syntheticTicks({ count: 3000, symbol: 'BTCUSDT', seed: 1, meanGapMs: 300 });
    const e = syntheticTicks({ count: 2000, symbol: 'ETHUSDT', seed: 2, meanGapMs: 450, startPrice: 3000 });
    const all = interleave(a, e);
    ing.push(all.slice(0, 10));
    expect(timers.pending).toHaveLength(1);
    timers.fire();
    expect(store.countTicks({ symbol: 'BTCUSDT' }) + store.countTicks({ symbol: 'ETHUSDT' })).toBe(10);
    ing.push(all.slice(10, 3000));
    ing.push(all.slice(0, 4000)); // overlap: duplicates
    ing.push(all.slice(4000));
    ing.reject('BTCUSDT', 'non-positive price');
    ing.reject(null, 'malformed JSON');
    ing.close();
    const st = ing.stats();
    const btc = st.symbols.find((s) => s.symbol === 'BTCUSDT')!;
    expect(btc.stored).toBe(3000);
    expect(btc.rejects).toBe(1);
    expect(st.symbols.reduce((s, x) => s + x.duplicates, 0)).toBe(3000);
    expect(st.rejectReasons).toEqual({ 'non-positive price': 1, 'malformed JSON': 1 });
    expect(published.length).toBeGreaterThan(1);
    for (const [sym, ticks] of [
      ['BTCUSDT', a],
      ['ETHUSDT', e],
    ] as const) {
      for (const tf of TIMEFRAMES) {
        const ref = naiveBars(ticks, timeframeMs(tf));
        const bars = store.getBars({ symbol: sym, tf });
        expect(bars.length).toBe(ref.size);
        for (const b of bars) {
          const r = ref.get(b.ts)!;
          expect([b.open, b.high, b.low, b.close, b.trades]).toEqual([r.open, r.high, r.low, r.close, r.trades]);
          expect(b.volume).toBeCloseTo(r.volume, 8);
        }
      }
    }
    store.close();
  });

  it('keeps bars exact when a refill inserts older trades after newer ones, across restarts', () => {
    const store = openStore(':memory:');
    const ticks = syntheticTicks({ count: 4000, seed: 9, meanGapMs: 120 });
    const rnd = seededRandom(5);
    // live part with holes, then the holes arrive later (like a REST refill)
    const holes = ticks.filter(() => rnd() < 0.2);
    const holeIds = new Set(holes.map((t) => t.tradeId));
    let ing = createIngestor({ store, maxBatch: 333, ...manualTimers() });
    ing.push(ticks.filter((t) => !holeIds.has(t.tradeId)));
    ing.close();
    // a new ingestor (restart) must pick the forming bars up from the store
    ing = createIngestor({ store, maxBatch: 50, ...manualTimers() });
    ing.push(holes.reverse());
    ing.close();
    for (const tf of ['1s', '1m', '1h'] as const) {
      const ref = naiveBars(ticks, timeframeMs(tf));
      const bars = store.getBars({ symbol: 'BTCUSDT', tf });
      expect(bars.map((b) => b.ts)).toEqual([...ref.keys()]);
      for (const b of bars) {
        const r = ref.get(b.ts)!;
        expect([b.open, b.high, b.low, b.close, b.trades]).toEqual([r.open, r.high, r.low, r.close, r.trades]);
      }
    }
    store.close();
  });

  it('throws on push after close', () => {
    const store = openStore(':memory:');
    const ing = createIngestor({ store });
    ing.close();
    expect(() => ing.push([])).toThrow(/closed/);
    store.close();
  });
});
