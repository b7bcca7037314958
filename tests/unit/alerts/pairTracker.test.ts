import { describe, expect, it } from 'vitest';
import { PairTracker, type BarPoint } from '../../../src/core/alerts';
import { alignPair, RollingPair } from '../../../src/core/analytics';

const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 10 } as const;
const b = (symbol: string, i: number, close: number): BarPoint => ({ symbol, tf: '1m', ts: i * 60_000, close });
const full = (s: string, i: number, close: number) => ({ ...b(s, i, close), open: close, high: close, low: close, volume: 1, quoteVolume: close });

describe('PairTracker (incremental alignment + RollingPair)', () => {
  const ys = Array.from({ length: 40 }, (_, i) => 100 + Math.sin(i / 3) * 5 + i * 0.1);
  const xs = Array.from({ length: 40 }, (_, i) => 50 + Math.cos(i / 4) * 2 + i * 0.05);
  const yBars = ys.map((c, i) => full('BTCUSDT', i, c)).filter((_, i) => i % 7 !== 3);
  const xBars = xs.map((c, i) => full('ETHUSDT', i, c)).filter((_, i) => i % 5 !== 2);

  it('gives the batch z of the aligned window at every bar start', () => {
    const t = new PairTracker(pair);
    const merged = [...yBars, ...xBars].sort((a, c) => a.ts - c.ts);
    const got = merged.flatMap((bar) => t.onBars([bar]));
    const aligned = alignPair(yBars, xBars);
    const want: { ts: number; z: number }[] = [];
    for (let i = pair.window - 1; i < aligned.ts.length; i++) {
      const r = new RollingPair(pair.window);
      for (let k = i + 1 - pair.window; k <= i; k++) r.add(aligned.y[k]!, aligned.x[k]!);
      const v = r.getResult();
      if (v.ok) want.push({ ts: aligned.ts[i]!, z: v.z });
    }
    // Per-bar feeding reports a point after each leg's bar; the last report per start is final.
    const lastPerTs = new Map(got.map((p) => [p.ts, p.z]));
    expect([...lastPerTs.keys()]).toEqual(want.map((w) => w.ts));
    for (const w of want) expect(lastPerTs.get(w.ts)).toBeCloseTo(w.z, 9);
  });

  it('ignores other symbols and timeframes; a bar older than the window asks for a rebuild', () => {
    const t = new PairTracker(pair);
    expect(t.onBars([{ ...b('BTCUSDT', 0, 1), tf: '1s' }, b('SOLUSDT', 0, 1)])).toEqual([]);
    t.rebuild(yBars, xBars);
    expect(t.needsRebuild).toBe(false);
    t.onBars([b('ETHUSDT', 5, 51)]);
    expect(t.needsRebuild).toBe(true);
    const p = t.rebuild(yBars, xBars);
    expect(p?.ts).toBe(39 * 60_000);
    expect(t.needsRebuild).toBe(false);
  });
});
