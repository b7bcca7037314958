import { describe, expect, it } from 'vitest';
import { BarBuilder, buildBars } from '../../../../src/core/bars';
import { TIMEFRAMES, timeframeMs, type Bar } from '../../../../src/shared/market';
import { naiveBars, seededRandom, syntheticTicks } from '../../../support/syntheticTrades';

function expectBarsMatch(bars: Bar[], ticks: Parameters<typeof naiveBars>[0]) {
  for (const tf of TIMEFRAMES) {
    const ref = naiveBars(ticks, timeframeMs(tf));
    const mine = bars.filter((b) => b.tf === tf);
    expect(mine.map((b) => b.ts)).toEqual([...ref.keys()]);
    for (const b of mine) {
      const r = ref.get(b.ts)!;
      expect(b.open).toBe(r.open);
      expect(b.close).toBe(r.close);
      expect(b.high).toBe(r.high);
      expect(b.low).toBe(r.low);
      expect(b.trades).toBe(r.trades);
      expect(b.volume).toBeCloseTo(r.volume, 9);
      expect(b.quoteVolume).toBeCloseTo(r.quoteVolume, 6);
      expect(b.buyVolume).toBeCloseTo(r.buyVolume, 9);
      expect(b.vwap).toBeCloseTo(r.quoteVolume / r.volume, 6);
    }
  }
}

describe('BarBuilder', () => {
  const ticks = syntheticTicks({ count: 5000, seed: 7, meanGapMs: 400 });

  it('builds every timeframe exactly from an ordered stream', () => {
    expectBarsMatch(buildBars(ticks), ticks);
  });

  it('is exact when ticks arrive shuffled in many small batches (late refills)', () => {
    const rnd = seededRandom(3);
    const shuffled = [...ticks];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const b = new BarBuilder();
    const all = new Map<string, Bar>();
    for (let i = 0; i < shuffled.length; i += 37) {
      for (const bar of b.apply(shuffled.slice(i, i + 37))) all.set(`${bar.tf}|${bar.ts}`, bar);
    }
    expectBarsMatch(
      [...all.values()].sort((x, y) => x.ts - y.ts),
      ticks,
    );
  });

  it('returns only changed bars, forming bar included, each once', () => {
    const b = new BarBuilder({ timeframes: ['1s', '1m'] });
    const t0 = 1_700_000_000_000;
    const mk = (id: number, ts: number, price: number) => ({
      symbol: 'X',
      tradeId: id,
      ts,
      price,
      size: 1,
      isBuyerMaker: false,
    });
    const first = b.apply([mk(1, t0, 10), mk(2, t0 + 10, 11)]);
    expect(first.map((x) => [x.tf, x.ts, x.trades])).toEqual([
      ['1s', t0, 2],
      ['1m', t0 - (t0 % 60000), 2],
    ]);
    const second = b.apply([mk(3, t0 + 1000, 12)]);
    expect(second.map((x) => [x.tf, x.ts, x.trades, x.open, x.close])).toEqual([
      ['1s', t0 + 1000, 1, 12, 12],
      ['1m', t0 - (t0 % 60000), 3, 10, 12],
    ]);
    // a late trade for the first second, same ms as the open but a lower id: becomes the open
    const late = b.apply([mk(0, t0, 9)]);
    expect(late.find((x) => x.tf === '1s')).toMatchObject({ ts: t0, open: 9, close: 11, low: 9, trades: 3 });
    expect(b.current('X', '1s')).toMatchObject({ ts: t0 + 1000 });
  });

  it('keeps symbols apart', () => {
    const a = syntheticTicks({ count: 300, symbol: 'AAA', seed: 1 });
    const c = syntheticTicks({ count: 300, symbol: 'CCC', seed: 2 });
    const bars = buildBars([...a, ...c], ['1m']);
    expect(bars.filter((x) => x.symbol === 'AAA').reduce((s, x) => s + x.trades, 0)).toBe(300);
    expect(bars.filter((x) => x.symbol === 'CCC').reduce((s, x) => s + x.trades, 0)).toBe(300);
  });
});
