import type { BacktestResult } from '../../../shared/contract';
import { formatClock } from '../format';

/** A point flagged on the z-score panel (see LinePanel's markers). */
export interface ZMarker {
  ts: number;
  value: number;
  label: string;
  /** ECharts symbol; default: the alert pin. */
  symbol?: string;
  symbolSize?: number;
  symbolRotate?: number;
  color?: string;
}

export interface MarkerColors {
  long: string;
  short: string;
  exit: string;
}

/**
 * Each trade's entry and exit where it was decided: at the signal point, on the z the
 * strategy read there. Long entries are up triangles, short entries down triangles, exits
 * circles; a point without z (none at the last point of an `end` exit) gets no marker.
 */
export function tradeMarkers(result: BacktestResult, colors: MarkerColors): ZMarker[] {
  const out: ZMarker[] = [];
  for (const run of result.runs) {
    for (const m of run.marks) {
      if (m.z === null) continue;
      const t = run.trades[m.trade]!;
      const long = t.side === 'long';
      if (m.kind === 'entry') {
        out.push({
          ts: m.ts,
          value: m.z,
          symbol: 'triangle',
          symbolSize: 9,
          symbolRotate: long ? 0 : 180,
          color: long ? colors.long : colors.short,
          label: `${t.side} entry at z ${m.z.toFixed(2)}, filled ${formatClock(t.entryTs, true)}`,
        });
      } else {
        out.push({
          ts: m.ts,
          value: m.z,
          symbol: 'circle',
          symbolSize: 6,
          color: colors.exit,
          label: `${t.side} ${t.reason === 'exit' ? 'exit' : t.reason} at z ${m.z.toFixed(2)}, net ${t.net.toFixed(2)} USDT`,
        });
      }
    }
  }
  return out;
}
