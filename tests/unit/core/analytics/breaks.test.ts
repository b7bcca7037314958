import { describe, expect, it } from 'vitest';
import { makeBenchPair } from '../../../../src/core/analytics/bench';
import { alignPair, LEG_X, LEG_Y } from '../../../../src/core/analytics/align';
import {
  BreakIndex,
  breakThresholdMs,
  gapSpanOf,
  isSilenceBreak,
  SegmentWalker,
  splitSegments,
} from '../../../../src/core/analytics/breaks';
import { pairAnalytics } from '../../../../src/core/analytics/pairAnalytics';
import { rollingPairSeries, type RollingSeries } from '../../../../src/core/analytics/rolling';
import type { BarLike } from '../../../../src/core/analytics/types';

const S = 1000;
const M = 60 * S;
const T0 = 1_723_161_600_000;

/** Bar starts every `tf` from `start`, `n` of them. */
const run = (start: number, n: number, tf = S): number[] => Array.from({ length: n }, (_, i) => start + i * tf);

describe('the break threshold: max(10 × tf, 5 min)', () => {
  it('is 5 min up to a 30 s timeframe, 10 bars beyond', () => {
    expect(breakThresholdMs(S)).toBe(5 * M);
    expect(breakThresholdMs(15 * S)).toBe(5 * M);
    expect(breakThresholdMs(M)).toBe(10 * M);
    expect(breakThresholdMs(60 * M)).toBe(600 * M);
  });

  it('measures the silence from the end of a bar to the start of the next', () => {
    // 1 s bars: a bar at t covers [t, t + 1 s); the next at t + 301 s leaves 300 s empty.
    expect(isSilenceBreak(T0, T0 + 301 * S, S)).toBe(false);
    expect(isSilenceBreak(T0, T0 + 302 * S, S)).toBe(true);
    // 1 m bars: the threshold is 10 min, so 5 min (and 10 min) of silence is no break.
    expect(isSilenceBreak(T0, T0 + 6 * M, M)).toBe(false);
    expect(isSilenceBreak(T0, T0 + 11 * M, M)).toBe(false);
    expect(isSilenceBreak(T0, T0 + 12 * M, M)).toBe(true);
  });
});

describe('splitSegments', () => {
  it('keeps contiguous data (and sparse bars within the threshold) as one segment', () => {
    const ts = [...run(T0, 100), ...run(T0 + 400 * S, 50)]; // 300 s without a bar: not a break
    expect(splitSegments(ts, new BreakIndex(S))).toEqual([{ start: 0, end: 150 }]);
  });

  it('cuts at a silence longer than the threshold', () => {
    const ts = [...run(T0, 100), ...run(T0 + 21 * 86_400 * S, 50)];
    expect(splitSegments(ts, new BreakIndex(S))).toEqual([
      { start: 0, end: 100 },
      { start: 100, end: 150 },
    ]);
  });

  it('drops the points inside an unfilled gap and restarts at the bar where trades resume', () => {
    const ts = run(T0, 100);
    // Trades missing between 20.4 s and 30.2 s: bars 21..29 have no price of the leg, bar 20
    // ends before the gap, bar 30 holds the first trade after it.
    const index = new BreakIndex(S, [{ from: T0 + 20_400, to: T0 + 30_200 }]);
    expect(splitSegments(ts, index)).toEqual([
      { start: 0, end: 21 },
      { start: 30, end: 100 },
    ]);
    expect(index.dropped(T0 + 20 * S)).toBe(false);
    expect(index.dropped(T0 + 21 * S)).toBe(true);
    expect(index.dropped(T0 + 29 * S)).toBe(true);
    expect(index.dropped(T0 + 30 * S)).toBe(false);
  });

  it('a gap inside one bar drops nothing but still starts a new segment at that bar', () => {
    const index = new BreakIndex(S, [{ from: T0 + 40_100, to: T0 + 40_900 }]);
    expect(splitSegments(run(T0, 60), index)).toEqual([
      { start: 0, end: 40 },
      { start: 40, end: 60 },
    ]);
  });

  it('merges overlapping gaps (of either leg) and ignores their order', () => {
    const index = new BreakIndex(S, [
      { from: T0 + 25_500, to: T0 + 40_500 },
      { from: T0 + 10_500, to: T0 + 30_500 },
    ]);
    expect(splitSegments(run(T0, 60), index)).toEqual([
      { start: 0, end: 11 },
      { start: 40, end: 60 },
    ]);
  });

  it('an unknown side of a stored gap falls back to the time the feed saw it', () => {
    expect(gapSpanOf({ fromTs: 5, toTs: 9, detectedAt: 100 })).toEqual({ from: 5, to: 9 });
    expect(gapSpanOf({ fromTs: null, toTs: 9, detectedAt: 100 })).toEqual({ from: 9, to: 9 });
    expect(gapSpanOf({ fromTs: 5, toTs: null, detectedAt: 100 })).toEqual({ from: 5, to: 100 });
  });
});

describe('after a break, a segment starts once both legs have traded again', () => {
  const bar = (ts: number, close: number): BarLike => ({
    ts,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    quoteVolume: close,
  });
  const resume = T0 + 21 * 86_400 * S;
  // Y resumes 3 s before X: alignment would carry X's close from three weeks ago into them.
  const y = [...run(T0, 10), ...run(resume, 10)].map((t, i) => bar(t, 100 + i));
  const x = [...run(T0, 10), ...run(resume + 3 * S, 7)].map((t, i) => bar(t, 50 + i));

  it('alignPair says which legs have a bar at each point', () => {
    const a = alignPair(y, x);
    expect(a.legs!.slice(9, 14)).toEqual([LEG_Y | LEG_X, LEG_Y, LEG_Y, LEG_Y, LEG_Y | LEG_X]);
  });

  it('the points before the second leg trades belong to no segment', () => {
    const a = alignPair(y, x);
    expect(splitSegments(a.ts, new BreakIndex(S), a.legs)).toEqual([
      { start: 0, end: 10 },
      { start: 13, end: 20 },
    ]);
  });

  it('step by step, the forming point becomes the start when its second leg arrives', () => {
    const w = new SegmentWalker(new BreakIndex(S));
    expect(w.step(T0, LEG_Y | LEG_X)).toBe('start');
    expect(w.step(T0 + S, LEG_X)).toBe('in');
    expect(w.step(resume, LEG_Y)).toBe('out');
    expect(w.step(resume + S, LEG_Y)).toBe('out');
    expect(w.restep(resume + S, LEG_Y | LEG_X)).toBe('start');
    expect(w.step(resume + 2 * S, LEG_Y)).toBe('in');
  });
});

/** Two aligned runs of a bench pair with three weeks between them. */
function twoRuns(n1: number, n2: number): { ts: number[]; y: number[]; x: number[] } {
  const p = makeBenchPair(n1 + n2, 7);
  const ts = [...run(T0, n1), ...run(T0 + 21 * 86_400 * S, n2)];
  return { ts, y: Array.from(p.y), x: Array.from(p.x) };
}

function slice(p: { ts: number[]; y: number[]; x: number[] }, a: number, b: number) {
  return { ts: p.ts.slice(a, b), y: p.y.slice(a, b), x: p.x.slice(a, b) };
}

function concat(a: RollingSeries, b: RollingSeries): RollingSeries {
  const keys = ['ts', 'alpha', 'beta', 'r2', 'spread', 'z', 'correlation'] as const;
  return Object.fromEntries(keys.map((k) => [k, [...a[k], ...b[k]]])) as unknown as RollingSeries;
}

describe('the rolling series restarts after a break', () => {
  const W = 50;
  const pair = twoRuns(300, 120);

  it('equals the rolling series computed on each segment on its own', () => {
    const s = rollingPairSeries(pair, W, {}, new BreakIndex(S));
    const expected = concat(rollingPairSeries(slice(pair, 0, 300), W), rollingPairSeries(slice(pair, 300, 420), W));
    expect(s.ts).toEqual(expected.ts);
    for (const k of ['alpha', 'beta', 'z', 'correlation'] as const) {
      s[k].forEach((v, i) =>
        expect(Math.abs(v! - expected[k][i]!), `${k}[${i}]`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(expected[k][i]!)),
        ),
      );
    }
  });

  it('has no point whose window reaches back across the hole', () => {
    const s = rollingPairSeries(pair, W, {}, new BreakIndex(S));
    const firstAfter = s.ts.findIndex((t) => t >= pair.ts[300]!);
    // The first point after the break is the W-th of its segment.
    expect(s.ts[firstAfter]).toBe(pair.ts[300 + W - 1]);
    // Without the break index (the old behaviour) the hole is spanned.
    expect(rollingPairSeries(pair, W).ts).toContain(pair.ts[300]);
  });
});

function bars(symbol: string, ts: readonly number[], closes: readonly number[]): BarLike[] {
  return ts.map((t, i) => ({
    symbol,
    ts: t,
    open: closes[i]!,
    high: closes[i]!,
    low: closes[i]!,
    close: closes[i]!,
    volume: 1,
    quoteVolume: closes[i]!,
  }));
}

describe('pairAnalytics evaluates only the segment after the last break', () => {
  const pair = twoRuns(400, 150);
  const yb = bars('AAA', pair.ts, pair.y);
  const xb = bars('BBB', pair.ts, pair.x);

  it('gives the figures of the last segment alone', () => {
    const both = pairAnalytics(yb, xb, 100, { tf: '1s' });
    const alone = pairAnalytics(yb.slice(400), xb.slice(400), 100, { tf: '1s' });
    expect(both.ok && alone.ok).toBe(true);
    if (!both.ok || !alone.ok) return;
    expect(both.value).toEqual(alone.value);
  });

  it('ending before the break, it uses the earlier segment', () => {
    const r = pairAnalytics(yb, xb, 100, { tf: '1s', to: pair.ts[399] });
    const alone = pairAnalytics(yb.slice(0, 400), xb.slice(0, 400), 100, { tf: '1s' });
    expect(r.ok && alone.ok && r.value).toEqual(alone.ok && alone.value);
  });

  it('says how many points follow the break when fewer than W do', () => {
    const r = pairAnalytics(yb, xb, 200, { tf: '1s' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.available).toBe(150);
    expect(r.since).toBe(pair.ts[400]);
    expect(r.message).toBe(
      `only 150 aligned points since the break at ${new Date(pair.ts[400]!).toISOString().replace('.000Z', 'Z')} (window 200)`,
    );
  });

  it('an unfilled gap of one leg is a break too', () => {
    const ts = run(T0, 400);
    const y = bars('AAA', ts, pair.y.slice(0, 400));
    const x = bars('BBB', ts, pair.x.slice(0, 400));
    const gaps = [{ from: T0 + 199_500, to: T0 + 250_500 }];
    const r = pairAnalytics(y, x, 100, { tf: '1s', gaps });
    const alone = pairAnalytics(y.slice(250), x.slice(250), 100, { tf: '1s' });
    expect(r.ok && alone.ok && r.value).toEqual(alone.ok && alone.value);
    const short = pairAnalytics(y, x, 160, { tf: '1s', gaps });
    expect(short.ok === false && short.message).toBe(
      `only 150 aligned points since the break at ${new Date(T0 + 250_000).toISOString().replace('.000Z', 'Z')} (window 160)`,
    );
  });

  it('contiguous data is unchanged: no break, the usual message', () => {
    const r = pairAnalytics(yb.slice(0, 400), xb.slice(0, 400), 500, { tf: '1s' });
    expect(r.ok === false && r.message).toBe('only 400 aligned points, window needs 500');
  });
});
