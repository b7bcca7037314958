import type { PairSpec } from '../../shared/contract';
import { legBars, pairGaps, type BarReader } from './barReader';
import { LivePair, type FoldOutcome } from './livePair';
import type { CallName, WorkerCalls } from './messages';
import { seriesFromStore } from './series';
import { snapshotFromStore } from './snapshot';

export type CallHandlers = { [K in CallName]: (args: WorkerCalls[K]['args']) => WorkerCalls[K]['result'] };

/** The worker's logic without the thread, so it can be tested in-process. */
export function createWorkerCore(reader: BarReader): CallHandlers {
  let live: LivePair | null = null;
  const load = (spec: PairSpec): LivePair => {
    const n = LivePair.historyBars(spec);
    return new LivePair(
      spec,
      { y: legBars(reader, spec.y, spec.tf, undefined, n), x: legBars(reader, spec.x, spec.tf, undefined, n) },
      pairGaps(reader, [spec.y, spec.x]),
    );
  };
  /** Folds a batch; the unfilled gaps are read again first (one indexed query), since a
   * refill that failed, or one that finished, changes where the breaks are. */
  const fold = (pair: LivePair, bars: Parameters<LivePair['fold']>[0]): FoldOutcome => {
    const regapped = pair.setGaps(pairGaps(reader, [pair.spec.y, pair.spec.x]));
    const out = pair.fold(bars);
    if (!regapped) return out;
    const byTs = new Map(regapped.points.map((p) => [p.ts, p]));
    for (const p of out.points) byTs.set(p.ts, p);
    return { points: [...byTs.values()].sort((a, b) => a.ts - b.ts), closed: out.closed, rebuilt: true };
  };
  return {
    snapshot: ({ spec, to }) => snapshotFromStore(reader, spec, to),
    series: ({ spec, ...q }) => seriesFromStore(reader, spec, q),
    watch: ({ spec }) => {
      live = spec ? load(spec) : null;
      return { points: live?.length ?? 0 };
    },
    bars: ({ bars }) => (live ? fold(live, bars) : null),
    liveSnapshot: () => {
      if (!live) return null;
      const snap = live.snapshot();
      // In memory the window is exact, but "how many points exist" needs the whole history.
      return snap.ok ? snap : snapshotFromStore(reader, live.spec);
    },
    liveSeries: ({ n }) => (live ? { pair: live.spec, points: live.lastPoints(n) } : null),
  };
}
