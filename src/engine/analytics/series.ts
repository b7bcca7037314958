import {
  alignPair,
  BreakIndex,
  foldSeries,
  RollingSpread,
  splitSegments,
  type SpreadDefinition,
} from '../../core/analytics/index';
import { foldSpanMs } from '../../shared/barFolding';
import { spreadDefinition, type PairSpec, type RollingPoint, type SeriesAnswer } from '../../shared/contract';
import { timeframeMs, type Bar } from '../../shared/market';
import { legBars, pairGaps, type BarReader } from './barReader';
import { spreadPoint } from '../../core/analytics/live/rollingPoint';

/** Points returned when a series request gives neither `from` nor `limit`. */
export const DEFAULT_SERIES_LIMIT = 20_000;

export interface SeriesQuery {
  from?: number;
  to?: number;
  limit?: number;
  /** Thin the points to about 2 per fold of `buckets` time folds (foldSeries). */
  buckets?: number;
}

/**
 * The rolling series over [from, to] (the most recent `limit` points of it). Each point's
 * rolling figures use the W aligned points ending at it, so W − 1 points before `from` are
 * read as warm-up; the Kalman filter (on log prices) starts at the W-th point read, from the
 * OLS fit of the W points read (core rollingSpread.ts). The spread follows the spec's
 * definition (mode, hedge). Everything restarts after every break (core breaks.ts): no
 * point's window spans one.
 */
export function seriesFromStore(reader: BarReader, spec: PairSpec, q: SeriesQuery): SeriesAnswer {
  const limit = q.limit ?? (q.from === undefined ? DEFAULT_SERIES_LIMIT : undefined);
  let y: Bar[];
  let x: Bar[];
  if (q.from === undefined) {
    // The last K bars of each leg give the last K aligned points exactly (see snapshot.ts).
    const k = (limit ?? DEFAULT_SERIES_LIMIT) + spec.window;
    y = legBars(reader, spec.y, spec.tf, q.to, k);
    x = legBars(reader, spec.x, spec.tf, q.to, k);
  } else {
    const warm = spec.window;
    y = [
      ...legBars(reader, spec.y, spec.tf, q.from - 1, warm),
      ...reader.getBars({ symbol: spec.y, tf: spec.tf, from: q.from, to: q.to }),
    ];
    x = [
      ...legBars(reader, spec.x, spec.tf, q.from - 1, warm),
      ...reader.getBars({ symbol: spec.x, tf: spec.tf, from: q.from, to: q.to }),
    ];
  }
  const breaks = new BreakIndex(timeframeMs(spec.tf), pairGaps(reader, [spec.y, spec.x]));
  const all = rollingSeriesPoints(spec.window, alignPair(y, x), q.from ?? -Infinity, breaks, spreadDefinition(spec));
  const points = limit !== undefined && all.length > limit ? all.slice(all.length - limit) : all;
  if (q.buckets === undefined || points.length <= 2 * q.buckets) return { pair: spec, points };
  const spanMs = foldSpanMs(points[0]!.ts, points[points.length - 1]!.ts, timeframeMs(spec.tf), q.buckets);
  return { pair: spec, points: foldSeries(points, spanMs), spanMs };
}

/**
 * One RollingSpread (rolling OLS, the chosen spread and the log-price Kalman filter) over
 * the aligned closes; O(1) per point (Theil–Sen: a re-fit every ceil(W/10) points). With
 * `breaks`, it starts afresh at every segment and points inside an unfilled gap are left
 * out, so every figure is null for the first W − 1 points after a break. `def` is the
 * spread definition (default raw OLS).
 */
export function rollingSeriesPoints(
  window: number,
  pair: { ts: readonly number[]; y: readonly number[]; x: readonly number[]; legs?: readonly number[] },
  fromTs = -Infinity,
  breaks?: BreakIndex,
  def: SpreadDefinition = { mode: 'raw', hedge: 'ols' },
): RollingPoint[] {
  const rolling = new RollingSpread(window, def.mode, def.hedge);
  const out: RollingPoint[] = [];
  const segments = breaks ? splitSegments(pair.ts, breaks, pair.legs) : [{ start: 0, end: pair.ts.length }];
  for (const seg of segments) {
    rolling.reset();
    for (let i = seg.start; i < seg.end; i++) {
      rolling.add(pair.y[i]!, pair.x[i]!);
      if (pair.ts[i]! >= fromTs) out.push(spreadPoint(pair.ts[i]!, pair.y[i]!, pair.x[i]!, rolling));
    }
  }
  return out;
}
