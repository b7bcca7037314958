import type { GapSpan } from '../../core/analytics/breaks';
import { LivePair } from '../../core/analytics/live/livePair';
import { pairKey, pairSpecSchema, type PairSpec } from '../../shared/contract';
import type { Bar } from '../../shared/market';
import { legBars, pairGaps, type BarReader } from './barReader';
import type { CallName, PairFold, PairLoad, WorkerCalls } from './messages';
import { seriesFromStore } from './series';
import { snapshotFromStore } from './snapshot';

export type CallHandlers = { [K in CallName]: (args: WorkerCalls[K]['args']) => WorkerCalls[K]['result'] };

/** The worker's logic without the thread, so it can be tested in-process. */
export function createWorkerCore(reader: BarReader): CallHandlers {
  /** The followed pairs, by pairKey: one LivePair each, folded incrementally. */
  const live = new Map<string, LivePair>();
  const clock = performance.now.bind(performance);

  /** Loads a pair's last historyBars(spec) bars per leg (bounded: never the whole history). */
  const load = (spec: PairSpec): LivePair => {
    const n = LivePair.historyBars(spec);
    return new LivePair(
      spec,
      { y: legBars(reader, spec.y, spec.tf, undefined, n), x: legBars(reader, spec.x, spec.tf, undefined, n) },
      pairGaps(reader, [spec.y, spec.x]),
    );
  };

  /**
   * Folds a batch into one pair; its legs' unfilled gaps are handed over first (read once
   * per symbol and batch), since a refill that failed, or one that finished, moves the breaks.
   */
  const foldPair = (pair: LivePair, bars: readonly Bar[], gaps: readonly GapSpan[]): PairFold => {
    const regapped = pair.setGaps(gaps);
    const out = pair.fold(bars);
    let outcome = out;
    if (regapped) {
      const byTs = new Map<number, { p: (typeof out.points)[number]; s: number }>();
      regapped.points.forEach((p, i) => byTs.set(p.ts, { p, s: regapped.segmentStarts[i]! }));
      out.points.forEach((p, i) => byTs.set(p.ts, { p, s: out.segmentStarts[i]! }));
      const merged = [...byTs.values()].sort((a, b) => a.p.ts - b.p.ts);
      outcome = {
        points: merged.map((m) => m.p),
        segmentStarts: merged.map((m) => m.s),
        closed: out.closed,
        rebuilt: true,
      };
    }
    return {
      key: pairKey(pair.spec),
      pair: pair.spec,
      outcome,
      segmentPoints: pair.segmentPoints,
      afterBreak: pair.afterBreak,
    };
  };

  return {
    snapshot: ({ spec, to }) => snapshotFromStore(reader, spec, to),
    series: ({ spec, ...q }) => seriesFromStore(reader, spec, q),
    follow: ({ specs, recent }) => {
      const wanted = new Map(specs.map((s) => [pairKey(s), pairSpecSchema.parse(s)]));
      for (const key of [...live.keys()]) if (!wanted.has(key)) live.delete(key);
      const loaded: PairLoad[] = [];
      for (const [key, spec] of wanted) {
        if (live.has(key)) continue;
        const pair = load(spec);
        live.set(key, pair);
        // The latest points are history: they fill a row and its sparkline, no rule judges them.
        loaded.push({
          key,
          pair: spec,
          recent: pair.lastPoints(recent),
          segmentPoints: pair.segmentPoints,
          afterBreak: pair.afterBreak,
        });
      }
      return { following: live.size, loaded };
    },
    bars: ({ bars }) => {
      // Each pair gets only its legs' bars: O(bars + pairs) per batch, not O(bars × pairs).
      const bySeries = new Map<string, Bar[]>();
      for (const b of bars) {
        const k = `${b.symbol}|${b.tf}`;
        const list = bySeries.get(k);
        if (list) list.push(b);
        else bySeries.set(k, [b]);
      }
      const gapsBySymbol = new Map<string, GapSpan[]>();
      const gapsOf = (symbol: string): GapSpan[] => {
        let g = gapsBySymbol.get(symbol);
        if (!g) gapsBySymbol.set(symbol, (g = pairGaps(reader, [symbol])));
        return g;
      };
      const out: PairFold[] = [];
      for (const pair of live.values()) {
        const { y, x, tf } = pair.spec;
        const ys = bySeries.get(`${y}|${tf}`);
        const xs = bySeries.get(`${x}|${tf}`);
        if (!ys && !xs) continue;
        const mine = ys && xs ? [...ys, ...xs] : (ys ?? xs)!;
        out.push(foldPair(pair, mine, [...gapsOf(y), ...gapsOf(x)]));
      }
      return out;
    },
    liveSnapshot: ({ key, robust }) => {
      const pair = live.get(key);
      if (!pair) return null;
      const snap = pair.snapshot(clock, robust ? undefined : true);
      // In memory the window is exact, but "how many points exist" needs the whole history.
      return snap.ok ? snap : snapshotFromStore(reader, pair.spec);
    },
    liveSeries: ({ key, n }) => {
      const pair = live.get(key);
      return pair ? { pair: pair.spec, points: pair.lastPoints(n) } : null;
    },
  };
}
