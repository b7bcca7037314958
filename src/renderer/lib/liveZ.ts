import type { PairSpec, RollingPoint } from '../../shared/contract/analytics';
import { pairKey } from '../../shared/contract/analytics';
import type { WatchRow } from '../../shared/contract/watchlist';

/** The one z on screen for the pair shown, and the bar it belongs to. */
export interface LiveZ {
  z: number | null;
  ts: number | null;
}

export const NO_LIVE_Z: LiveZ = { z: null, ts: null };

/**
 * The one producer of the z a person reads for the pair on screen: the z-score card, the z
 * panel's "live z" and the distribution card's "now" all show this value (issue 12: three
 * producers had shown −0.841, −0.41 and −0.67 at one instant).
 *
 * It is the latest live figure: the last rolling point pushed for the pair (a point whose z
 * is not defined yet, warming up or after a gap, gives null rather than an older z), or the
 * pair's watch row when that is about a later bar (the engine folds both from one LivePair,
 * so on the same bar they agree). A row or series of another pair is never used.
 */
export function selectLiveZ(
  spec: PairSpec | null,
  points: readonly RollingPoint[],
  of: string,
  row: WatchRow | null,
): LiveZ {
  if (!spec) return NO_LIVE_Z;
  const key = pairKey(spec);
  const last = of === key ? points[points.length - 1] : undefined;
  const fromRow = row && pairKey(row.pair) === key && row.ts !== null ? row : null;
  if (fromRow && (!last || fromRow.ts! > last.ts)) return { z: finite(fromRow.z), ts: fromRow.ts };
  if (!last) return NO_LIVE_Z;
  return { z: finite(last.z), ts: last.ts };
}

const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);
