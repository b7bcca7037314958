import type { PairFigures } from '../../src/engine/alerts/alertService';
import type { BarReader } from '../../src/engine/analytics/barReader';
import type { PairEvaluateEvent, PairFoldEvent } from '../../src/engine/analytics/service';
import { createWorkerCore } from '../../src/engine/analytics/workerCore';
import { Emitter } from '../../src/engine/lifecycle';
import { pairKey, type AnalyticsSnapshot, type PairSpec } from '../../src/shared/contract';
import type { Bar } from '../../src/shared/market';

/**
 * The analytics service's pair figures without the thread: the worker's own logic
 * (createWorkerCore) run in-process and synchronously, so alert tests fold bars exactly as
 * the worker does and see the firings at once.
 */
export function inProcessPairs(reader: BarReader): PairFigures & {
  /** The pairs enabled rules name (wire to the alert service's onDidChangePairs). */
  follow(pairs: readonly PairSpec[]): void;
  /** A committed batch (after the store has it), as the engine hands it to analytics. */
  onBars(bars: readonly Bar[]): void;
  /** A full evaluation of a followed pair (the test makes it up). */
  evaluate(snapshot: AnalyticsSnapshot): void;
  /** The worker's own evaluation of a followed pair (its live snapshot, as the service asks
   * for it: robust fits only for the screen pair), delivered to the listeners. */
  evaluateLive(pair: PairSpec, robust?: boolean): void;
} {
  const core = createWorkerCore(reader);
  const folded = new Emitter<PairFoldEvent>();
  const evaluated = new Emitter<PairEvaluateEvent>();
  const segmentStart = new Map<string, number | null>();
  return {
    onDidFold: folded.event,
    onDidEvaluate: evaluated.event,
    follow(pairs) {
      core.follow({ specs: [...pairs], recent: 0 });
    },
    onBars(bars) {
      for (const f of core.bars({ bars: [...bars] })) {
        const { points, segmentStarts, closed } = f.outcome;
        segmentStart.set(f.key, segmentStarts.at(-1) ?? null);
        if (points.length > 0) folded.fire({ pair: f.pair, points, segmentStarts, closed });
      }
    },
    evaluate(snapshot) {
      evaluated.fire({ snapshot, segmentStart: segmentStart.get(pairKey(snapshot.pair)) ?? null });
    },
    evaluateLive(pair, robust = false) {
      const snapshot = core.liveSnapshot({ key: pairKey(pair), robust });
      if (snapshot) this.evaluate(snapshot);
    },
  };
}
