import { describe, expect, it } from 'vitest';
import { replayAlerts } from '../../../../src/core/alerts';
import { alignPair, pairAnalytics, mulberry32, gaussian } from '../../../../src/core/analytics';
import type { Bar } from '../../../../src/shared/market';
import { crossings, rule, wave } from './helpers';

function bar(symbol: string, ts: number, close: number): Bar {
  return {
    symbol,
    tf: '1m',
    ts,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    quoteVolume: close,
    trades: 1,
    vwap: close,
    buyVolume: 0.5,
  };
}

/** A cointegrated pair on 1m bars with a few missing bars in each leg. */
function pairBars(n: number, seed: number): { y: Bar[]; x: Bar[] } {
  const u = mulberry32(seed);
  const g = gaussian(u);
  let x = 3000;
  let s = 0;
  const y: Bar[] = [];
  const xs: Bar[] = [];
  for (let i = 0; i < n; i++) {
    x *= Math.exp(0.002 * g());
    s = 0.9 * s + 3 * g();
    const ts = 1_700_000_040_000 + i * 60_000;
    if (i % 17 !== 5) y.push(bar('BTCUSDT', ts, 2000 + 19.5 * x + s));
    if (i % 23 !== 9) xs.push(bar('ETHUSDT', ts, x));
  }
  return { y, x: xs };
}

describe('replayAlerts (what `alerts test` runs)', () => {
  it('price crossings over a range, warming up before --from', () => {
    const closes = wave(200, 100, 5, 40);
    const bars = closes.map((c, i) => bar('BTCUSDT', i * 60_000, c));
    const r = rule({ id: 'p', name: 'p', kind: 'price', symbol: 'BTCUSDT', tf: '1m', op: 'crosses', level: 101 });
    const from = 50 * 60_000;
    const to = 150 * 60_000;
    const fires = replayAlerts([r], { bars: (s, tf) => (s === 'BTCUSDT' && tf === '1m' ? bars : []) }, { from, to });
    // The rule starts at `from`: its first value only sets the side.
    const expected = crossings(closes.slice(50, 151), 101).map((c) => (50 + c.i) * 60_000);
    expect(fires.map((f) => f.ts)).toEqual(expected);
  });

  it('z-score crossings match pairAnalytics evaluated independently at every aligned point', () => {
    const { y, x } = pairBars(260, 7);
    const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 40 } as const;
    const k = 1.5;
    const r = rule({ id: 'z', name: 'z', kind: 'zscore', pair, op: 'crosses', k });
    const source = { bars: (s: string) => (s === 'BTCUSDT' ? y : s === 'ETHUSDT' ? x : []) };
    const fires = replayAlerts([r], source);

    const aligned = alignPair(y, x);
    const zs: { ts: number; z: number }[] = [];
    for (const ts of aligned.ts) {
      const a = pairAnalytics(y, x, pair.window, { to: ts });
      if (a.ok && a.value.spread) zs.push({ ts, z: a.value.spread.z });
    }
    const values = zs.map((p) => p.z);
    // A jump across the whole band crosses both levels at one point: one firing per point.
    const expected = [...new Set([...crossings(values, k), ...crossings(values, -k)].map((c) => zs[c.i]!.ts))].sort(
      (a, b) => a - b,
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(fires.map((f) => f.ts)).toEqual(expected);
    for (const f of fires) expect(Math.abs(f.value - values[zs.findIndex((p) => p.ts === f.ts)]!)).toBeLessThan(1e-6);
  });

  it.each([{}, { mode: 'log', hedge: 'kalman' }, { mode: 'raw', hedge: 'theil-sen' }, { mode: 'ratio' }] as const)(
    'ADF p-value crossings match pairAnalytics (spread definition %o) at every aligned point',
    (def) => {
      const { y, x } = pairBars(140, 11);
      const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 30, ...def } as const;
      const source = { bars: (s: string) => (s === 'BTCUSDT' ? y : x) };
      const aligned = alignPair(y, x);
      const ps: { ts: number; p: number }[] = [];
      for (const ts of aligned.ts) {
        const a = pairAnalytics(y, x, pair.window, { to: ts, ...def });
        if (a.ok && a.value.adf) ps.push({ ts, p: a.value.adf.pvalue });
      }
      const sorted = ps.map((p) => p.p).sort((a, b) => a - b);
      const level = sorted[Math.floor(sorted.length / 2)]!; // the median: surely crossed
      const r = rule({ id: 'a', name: 'a', kind: 'adf', pair, op: 'crosses', level });
      const fires = replayAlerts([r], source);
      const expected = crossings(
        ps.map((p) => p.p),
        level,
      ).map((c) => ps[c.i]!.ts);
      expect(expected.length).toBeGreaterThan(2);
      expect(fires.map((f) => f.ts)).toEqual(expected);
    },
  );

  it('orders firings of several rules by time, then by rule order', () => {
    const bars = [99, 101, 99, 101].map((c, i) => bar('BTCUSDT', i * 60_000, c));
    const a = rule({ id: 'a', name: 'a', kind: 'price', symbol: 'BTCUSDT', tf: '1m', op: 'above', level: 100 });
    const b = rule({
      id: 'b',
      name: 'b',
      kind: 'price',
      symbol: 'BTCUSDT',
      tf: '1m',
      op: 'crosses',
      level: 100,
      enabled: false,
    });
    const fires = replayAlerts([a, b], { bars: () => bars });
    expect(fires.map((f) => `${f.rule.id}@${f.ts / 60_000}`)).toEqual(['a@1', 'b@1', 'b@2', 'a@3', 'b@3']);
  });
});
