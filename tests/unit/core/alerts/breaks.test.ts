import { describe, expect, it } from 'vitest';
import { AlertEvaluator, replayAlerts, type AlertFire, type ReplaySource } from '../../../../src/core/alerts';
import { gaussian, mulberry32, type GapSpan } from '../../../../src/core/analytics';
import { LivePair } from '../../../../src/core/analytics/live/livePair';
import type { AlertRuleInput } from '../../../../src/shared/contract/alerts';
import type { Bar } from '../../../../src/shared/market';
import { rule } from './helpers';

const M = 60_000;
const T0 = 1_700_000_040_000;
const HOLE = 21 * 86_400_000;

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

/** A cointegrated pair of 1m bars from `start` (one bar per minute per leg). */
function pairRun(start: number, n: number, seed: number, level: number): { y: Bar[]; x: Bar[] } {
  const g = gaussian(mulberry32(seed));
  let px = 3000 + level;
  let s = 0;
  const y: Bar[] = [];
  const x: Bar[] = [];
  for (let i = 0; i < n; i++) {
    px *= Math.exp(0.002 * g());
    s = 0.9 * s + 3 * g();
    y.push(bar('BTCUSDT', start + i * M, 2000 + 19.5 * px + s));
    x.push(bar('ETHUSDT', start + i * M, px));
  }
  return { y, x };
}

function source(y: readonly Bar[], x: readonly Bar[], gaps: Record<string, GapSpan[]> = {}): ReplaySource {
  return { bars: (s) => (s === 'BTCUSDT' ? y : s === 'ETHUSDT' ? x : []), unfilledGaps: (s) => gaps[s] ?? [] };
}

const brief = (fires: readonly AlertFire[]) => fires.map((f) => ({ id: f.rule.id, ts: f.ts, value: f.value }));

const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 30 } as const;
const RULES: AlertRuleInput[] = [
  {
    id: 'chg',
    name: 'ETH -0.5% in 10 m',
    kind: 'change',
    symbol: 'ETHUSDT',
    tf: '1m',
    lookback: 10,
    op: 'below',
    level: -0.5,
  },
  { id: 'px', name: 'ETH crosses 3000', kind: 'price', symbol: 'ETHUSDT', tf: '1m', op: 'crosses', level: 3000 },
  { id: 'z', name: 'z ±1.5', kind: 'zscore', pair, op: 'crosses', k: 1.5 },
  { id: 'sp', name: 'spread crosses 0', kind: 'spread', pair, op: 'crosses', level: 0 },
  { id: 'corr', name: 'corr crosses 0.3', kind: 'correlation', pair, op: 'crosses', level: 0.3 },
  { id: 'adf', name: 'ADF p crosses 0.1', kind: 'adf', pair, op: 'crosses', level: 0.1 },
];

describe('no rule compares across a break in the data', () => {
  // Two sessions three weeks apart, the second 600 USDT lower: ETH "fell 20 %" over the hole.
  const a = pairRun(T0, 200, 3, 0);
  const b = pairRun(T0 + 200 * M + HOLE, 150, 4, -600);
  const y = [...a.y, ...b.y];
  const x = [...a.x, ...b.x];
  const rules = RULES.map(rule);

  it('over two sessions, every rule fires exactly what it fires on each session alone', () => {
    const alone = [...replayAlerts(rules, source(a.y, a.x)), ...replayAlerts(rules, source(b.y, b.x))];
    const both = replayAlerts(rules, source(y, x));
    expect(new Set(alone.map((f) => f.rule.id)).size).toBeGreaterThanOrEqual(5);
    expect(brief(both)).toEqual(brief(alone));
  });

  it('the %-change over the hole (the issue’s −21.6 %) never fires', () => {
    const both = replayAlerts([rule(RULES[0]!)], source(y, x));
    const resume = b.x[0]!.ts;
    expect(both.filter((f) => f.ts >= resume && f.ts < resume + 10 * M)).toEqual([]);
    expect(both.every((f) => f.value > -5)).toBe(true);
  });

  it('an unfilled gap shorter than the silence threshold is a break too; filled, it is not', () => {
    // ETH trades missing for 4 minutes (no 1m bars there), then 1 % lower.
    const one = pairRun(T0, 120, 9, 0);
    const eth = one.x
      .filter((_, i) => i < 60 || i >= 64)
      .map((b, i) => (i >= 60 ? { ...b, close: b.close * 0.99 } : b));
    const change = rule({
      id: 'chg',
      name: 'chg',
      kind: 'change',
      symbol: 'ETHUSDT',
      tf: '1m',
      lookback: 3,
      op: 'below',
      level: -0.5,
    });
    const open = replayAlerts([change], source(one.y, eth));
    expect(open.map((f) => f.ts)).toContain(T0 + 64 * M);
    const gaps = { ETHUSDT: [{ from: T0 + 59 * M + 30_000, to: T0 + 64 * M + 10_000 }] };
    const broken = replayAlerts([change], source(one.y, eth, gaps));
    expect(broken.filter((f) => f.ts >= T0 + 64 * M && f.ts < T0 + 67 * M)).toEqual([]);
  });

  it('live, the evaluator restarts a rule when its series resumes after a break', () => {
    const ev = new AlertEvaluator([rule(RULES[1]!)]);
    const eth = (i: number, close: number) => ({ symbol: 'ETHUSDT', tf: '1m' as const, ts: T0 + i * M, close });
    // Above 3000 before the hole (the downward crossing is armed) ...
    expect(ev.onBars([eth(0, 2990), eth(1, 3100), eth(2, 3110)]).map((f) => f.ts)).toEqual([T0 + M]);
    expect(ev.state('px')?.armed).toEqual([false, true]);
    // ... 2400 after it: no "crossed below" at the first bar, which only says which side
    // ETH is on now, as for a rule just created; a crossing after that fires as usual.
    expect(ev.onBars([{ ...eth(3, 2400), ts: T0 + 3 * M + HOLE }])).toEqual([]);
    expect(ev.state('px')?.armed).toEqual([true, false]);
    expect(ev.onBars([{ ...eth(4, 3050), ts: T0 + 4 * M + HOLE }]).map((f) => f.message)).toEqual([
      'ETHUSDT crossed above 3000: close 3050 (1m)',
    ]);
  });

  it('the live pair restarts its window after the hole and every point says where its segment starts', () => {
    // Bar by bar, as the analytics worker folds them live; rule detectors restart at segmentStart.
    const live = new LivePair(pair);
    const seen = [...y, ...x]
      .sort((p, q) => p.ts - q.ts)
      .flatMap((bar) => {
        const f = live.fold([bar]);
        return f.points.map((p, i) => ({ ts: p.ts, z: p.z, segmentStart: f.segmentStarts[i]! }));
      });
    const after = seen.filter((p) => p.ts >= b.y[0]!.ts);
    expect(after.every((p) => p.segmentStart === b.y[0]!.ts)).toBe(true);
    expect(after.find((p) => p.z !== null)!.ts).toBe(b.y[pair.window - 1]!.ts);
    expect(seen.filter((p) => p.ts < b.y[0]!.ts).every((p) => p.segmentStart === y[0]!.ts)).toBe(true);
    // Loaded at once from stored bars (a restart), it stands where the bar-by-bar fold stands.
    const loaded = new LivePair(pair, { y, x });
    const last = seen.at(-1)!;
    expect([loaded.lastTs, loaded.segmentStart, loaded.afterBreak]).toEqual([last.ts, last.segmentStart, true]);
    expect(loaded.lastPoints(1)[0]!.z).toBeCloseTo(last.z!, 9);
  });
});
