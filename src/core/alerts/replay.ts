import type { AlertRule, PairAlertRule } from '../../shared/contract/alerts';
import { spreadDefinition } from '../../shared/contract/analytics';
import { timeframeMs, type Bar, type Timeframe } from '../../shared/market';
import { alignPair } from '../analytics/align';
import { adfuller } from '../analytics/adf';
import { BreakIndex, splitSegments, type GapSpan } from '../analytics/breaks';
import { windowSpread } from '../analytics/spreadDefinition';
import type { BarLike } from '../analytics/types';
import { AlertEvaluator, type AlertFire } from './evaluator';
import { healthDeadline, type HealthRule } from './health';
import { LivePair } from '../analytics/live/livePair';

/** Stored history a replay reads; every list ascending by time. */
export interface ReplaySource {
  /** All bars up to the end of the replay (earlier ones warm up lookbacks and windows). */
  bars(symbol: string, tf: Timeframe): readonly BarLike[];
  /** Trade times, for stale rules. */
  tickTimes?(symbol: string): Iterable<number>;
  /** Recorded gaps, for gap rules. */
  gaps?(symbol: string): readonly { detectedAt: number; filledAt: number | null }[];
  /** Gaps still unfilled, in trade time: breaks no rule may compare across (core breaks.ts). */
  unfilledGaps?(symbol: string): readonly GapSpan[];
}

export interface ReplayRange {
  readonly from?: number;
  readonly to?: number;
}

/**
 * What the rules would have fired over stored history (`tickscope alerts test`), through
 * the same AlertEvaluator the live engine uses. Each rule is replayed as if it were created,
 * enabled, at `from`: earlier data only warms up lookbacks and rolling windows. Pair rules
 * see the rolling series of specs/analytics.md at every aligned point (ADF too, where the
 * live engine evaluates it at the snapshot cadence). Firings come back ordered by time,
 * then by rule order. Nothing is compared across a break in the data (a long silence or an
 * unfilled gap): windows restart after it and the rules start afresh.
 */
export function replayAlerts(rules: readonly AlertRule[], source: ReplaySource, range: ReplayRange = {}): AlertFire[] {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const fires: { fire: AlertFire; order: number }[] = [];
  rules.forEach((rule, order) => {
    const live = { ...rule, enabled: true } as AlertRule;
    const ev = new AlertEvaluator([live]);
    let out: AlertFire[];
    switch (live.kind) {
      case 'price':
      case 'change':
        ev.setGaps(live.symbol, source.unfilledGaps?.(live.symbol) ?? []);
        out = replayBars(ev, live.symbol, live.tf, source, from, to);
        break;
      case 'zscore':
      case 'spread':
      case 'correlation':
      case 'adf':
        out = replayPair(ev, live, source, from, to);
        break;
      case 'stale':
        out = replayStale(ev, live, source.tickTimes?.(live.symbol) ?? [], from, to);
        break;
      case 'gap':
        out = replayGaps(ev, live, source.gaps?.(live.symbol) ?? [], from, to);
        break;
    }
    for (const fire of out) fires.push({ fire, order });
  });
  fires.sort((a, b) => a.fire.ts - b.fire.ts || a.order - b.order);
  return fires.map((f) => f.fire);
}

function replayBars(
  ev: AlertEvaluator,
  symbol: string,
  tf: Timeframe,
  source: ReplaySource,
  from: number,
  to: number,
): AlertFire[] {
  const out: AlertFire[] = [];
  for (const b of source.bars(symbol, tf)) {
    const point = { symbol, tf, ts: b.ts, close: b.close };
    if (b.ts < from) ev.seedBars([point]);
    else if (b.ts <= to) out.push(...ev.onBars([point]));
    else break;
  }
  return out;
}

function replayPair(
  ev: AlertEvaluator,
  rule: PairAlertRule,
  source: ReplaySource,
  from: number,
  to: number,
): AlertFire[] {
  const { pair } = rule;
  const yBars = source.bars(pair.y, pair.tf);
  const xBars = source.bars(pair.x, pair.tf);
  const gaps = [...(source.unfilledGaps?.(pair.y) ?? []), ...(source.unfilledGaps?.(pair.x) ?? [])];
  const out: AlertFire[] = [];
  if (rule.kind === 'adf') {
    // ADF is not incremental: the full statsmodels procedure on each window (the live engine
    // gets it from the analytics worker's snapshots), only on windows inside one segment.
    // It runs on the spread of the rule pair's definition (mode, hedge) exactly as the
    // snapshot's does (pairAnalytics: windowSpread, then adfuller with a constant), so a log
    // or Kalman pair's rule fires here where it fires live. Not pairAnalytics itself: at
    // every aligned point its coint, Kalman and robust fits would cost several times the ADF.
    const def = spreadDefinition(pair);
    const aligned = alignPair(yBars, xBars);
    const w = pair.window;
    for (const seg of splitSegments(aligned.ts, new BreakIndex(timeframeMs(pair.tf), gaps), aligned.legs)) {
      const segmentStart = aligned.ts[seg.start]!;
      for (let i = seg.start + w - 1; i < seg.end; i++) {
        const ts = aligned.ts[i]!;
        if (ts > to) return out;
        if (ts < from) continue;
        const ys = aligned.y.slice(i + 1 - w, i + 1);
        const xs = aligned.x.slice(i + 1 - w, i + 1);
        const ws = windowSpread(ys, xs, def);
        if (!ws.ok) continue;
        const adf = adfuller(ws.spread, { regression: 'c' });
        if (adf.ok) out.push(...ev.onAdf(pair, ts, adf.pvalue, segmentStart));
      }
    }
    return out;
  }
  // z, spread, correlation: the same LivePair the analytics worker folds live (under the
  // pair's spread definition), fed one bar start at a time (both legs' bars of a start
  // together, as final closes).
  const live = new LivePair(pair, { y: [], x: [] }, gaps);
  const legBars = (bars: readonly BarLike[], symbol: string): Bar[] => bars.map((b) => asBar(b, symbol, pair.tf));
  const merged = [...legBars(yBars, pair.y), ...legBars(xBars, pair.x)].sort((a, b) => a.ts - b.ts);
  for (let i = 0; i < merged.length;) {
    const ts = merged[i]!.ts;
    if (ts > to) break;
    let j = i;
    while (j < merged.length && merged[j]!.ts === ts) j++;
    const fold = live.fold(merged.slice(i, j));
    if (ts >= from) {
      const points = fold.points.map((p, k) => ({
        ts: p.ts,
        z: p.z,
        spread: p.spread,
        correlation: p.correlation,
        segmentStart: fold.segmentStarts[k]!,
      }));
      out.push(...ev.onPairPoints(pair, points));
    }
    i = j;
  }
  return out;
}

/** A stored bar as the fold takes it (only ts and close matter to the pair's figures). */
function asBar(b: BarLike, symbol: string, tf: Timeframe): Bar {
  return {
    symbol,
    tf,
    ts: b.ts,
    open: b.close,
    high: b.close,
    low: b.close,
    close: b.close,
    volume: 0,
    quoteVolume: 0,
    trades: 1,
    vwap: b.close,
    buyVolume: 0,
  };
}

/** Samples at every trade (fresh: re-arms) and exactly at each deadline (stale: may fire). */
function replayStale(
  ev: AlertEvaluator,
  rule: HealthRule,
  tickTimes: Iterable<number>,
  from: number,
  to: number,
): AlertFire[] {
  const out: AlertFire[] = [];
  let last: number | null = null;
  const checkDeadline = (before: number): void => {
    const d = healthDeadline(rule, ev.state(rule.id)!, last);
    if (d !== null && d >= from && d < before && d <= to)
      out.push(...ev.onHealth(rule.symbol, { now: d, lastTickTs: last, unfilledGaps: 0 }));
  };
  for (const t of tickTimes) {
    if (t > to) break;
    if (t === last) continue;
    checkDeadline(t);
    last = t;
    if (t >= from) out.push(...ev.onHealth(rule.symbol, { now: t, lastTickTs: t, unfilledGaps: 0 }));
  }
  if (Number.isFinite(to)) checkDeadline(Infinity);
  return out;
}

/** Samples at each gap detection and fill, and exactly at each deadline. */
function replayGaps(
  ev: AlertEvaluator,
  rule: HealthRule,
  gaps: readonly { detectedAt: number; filledAt: number | null }[],
  from: number,
  to: number,
): AlertFire[] {
  const deltas = new Map<number, number>();
  for (const g of gaps) {
    deltas.set(g.detectedAt, (deltas.get(g.detectedAt) ?? 0) + 1);
    if (g.filledAt !== null) deltas.set(g.filledAt, (deltas.get(g.filledAt) ?? 0) - 1);
  }
  const times = [...deltas.keys()].sort((a, b) => a - b);
  const out: AlertFire[] = [];
  let open = 0;
  let started = false;
  const sample = (now: number): void => {
    out.push(...ev.onHealth(rule.symbol, { now, lastTickTs: null, unfilledGaps: open }));
  };
  const checkDeadline = (before: number): void => {
    if (!started) return;
    const d = healthDeadline(rule, ev.state(rule.id)!, null);
    if (d !== null && d < before && d <= to) sample(d);
  };
  for (const t of times) {
    if (t > to) break;
    if (!started && t >= from) {
      // The rule starts at `from` seeing whatever was unfilled then.
      if (Number.isFinite(from) && open > 0) sample(from);
      started = true;
    }
    checkDeadline(t);
    open += deltas.get(t)!;
    if (started) sample(t);
  }
  if (!started && Number.isFinite(from) && open > 0 && from <= to) {
    sample(from);
    started = true;
  }
  // A gap still open at the end of the record fires at its deadline (bounded by --to).
  checkDeadline(Infinity);
  return out;
}
