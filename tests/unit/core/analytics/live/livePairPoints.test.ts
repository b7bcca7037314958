import { describe, expect, it } from 'vitest';
import { alignPair, RollingPair } from '../../../../../src/core/analytics';
import { LivePair } from '../../../../../src/core/analytics/live/livePair';
import type { Bar } from '../../../../../src/shared/market';

const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 10 } as const;
const bar = (symbol: string, i: number, close: number): Bar => ({
  symbol,
  tf: '1m',
  ts: i * 60_000,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
  quoteVolume: close,
  trades: 1,
  vwap: close,
  buyVolume: 0,
});

describe('LivePair fed bar by bar (what alerts judge live and `alerts test` replays)', () => {
  const ys = Array.from({ length: 40 }, (_, i) => 100 + Math.sin(i / 3) * 5 + i * 0.1);
  const xs = Array.from({ length: 40 }, (_, i) => 50 + Math.cos(i / 4) * 2 + i * 0.05);
  const yBars = ys.map((c, i) => bar('BTCUSDT', i, c)).filter((_, i) => i % 7 !== 3);
  const xBars = xs.map((c, i) => bar('ETHUSDT', i, c)).filter((_, i) => i % 5 !== 2);

  it('gives the batch z of the aligned window at every bar start', () => {
    const live = new LivePair(pair);
    const merged = [...yBars, ...xBars].sort((a, c) => a.ts - c.ts);
    const got = merged.flatMap((b) => live.fold([b]).points);
    const aligned = alignPair(yBars, xBars);
    const want: { ts: number; z: number }[] = [];
    for (let i = pair.window - 1; i < aligned.ts.length; i++) {
      const r = new RollingPair(pair.window);
      for (let k = i + 1 - pair.window; k <= i; k++) r.add(aligned.y[k]!, aligned.x[k]!);
      const v = r.getResult();
      if (v.ok) want.push({ ts: aligned.ts[i]!, z: v.z });
    }
    // Per-bar feeding reports a point after each leg's bar; the last report per start is final.
    const lastPerTs = new Map(got.filter((p) => p.z !== null).map((p) => [p.ts, p.z]));
    expect([...lastPerTs.keys()]).toEqual(want.map((w) => w.ts));
    for (const w of want) expect(lastPerTs.get(w.ts)).toBeCloseTo(w.z, 9);
  });

  it('ignores other symbols and timeframes; every point says where its segment starts', () => {
    const live = new LivePair(pair);
    expect(live.fold([{ ...bar('BTCUSDT', 0, 1), tf: '1s' }, bar('SOLUSDT', 0, 1)]).points).toEqual([]);
    const out = live.fold([...yBars, ...xBars]);
    expect(out.segmentStarts).toHaveLength(out.points.length);
    expect(new Set(out.segmentStarts)).toEqual(new Set([0]));
    expect([live.segmentStart, live.segmentPoints, live.afterBreak]).toEqual([
      0,
      alignPair(yBars, xBars).ts.length,
      false,
    ]);
  });
});
