import { samePair, type AlertRule, type FiredAlert, type PairSpec } from '../../shared/contract';

/** The panels an alert can be drawn on: the one that plots the figure its rule judges. */
export type AlertPanel = 'candles' | 'candles-x' | 'spread' | 'zscore' | 'correlation';

/** A rule's own threshold, drawn across its panel. */
export interface RuleLine {
  value: number;
  label: string;
}

/** One firing, marked where it happened: the bar it belongs to and the value judged. */
export interface FiringMark {
  ts: number;
  value: number;
  label: string;
  /** A mark of its own kind (a backtest's entry or exit): ECharts symbol, size, rotation, colour. */
  symbol?: string;
  symbolSize?: number;
  symbolRotate?: number;
  color?: string;
}

export interface ChartAlerts {
  lines: Partial<Record<AlertPanel, RuleLine[]>>;
  marks: Partial<Record<AlertPanel, FiringMark[]>>;
}

export interface AlertView {
  /** The pair on screen with its timeframe and window (null in single mode). */
  pair: PairSpec | null;
  /** The symbols whose candles are on screen: Y (top panel) and, in pair mode, X. */
  y: string | null;
  x: string | null;
  /** Close of `symbol`'s bar at `ts`, if loaded: where a %-change firing is marked. */
  closeAt?: (symbol: string, ts: number) => number | null;
}

// The same pair as the engine's alert evaluator compares (a z-score over another window or
// another spread definition is another series): the contract's samePair.

/**
 * Which rules and firings belong on the charts on screen, and where. A pair rule (z-score,
 * spread, correlation) goes on its figure's panel when its pair, timeframe and window are
 * the ones shown; a price or %-change rule on its symbol's candles. Price thresholds hold
 * on any timeframe; %-change rules have no price level, only firings. ADF and data-health
 * rules have no panel. Disabled rules draw no threshold; their past firings stay marked.
 */
export function chartAlerts(rules: readonly AlertRule[], history: readonly FiredAlert[], view: AlertView): ChartAlerts {
  const out: ChartAlerts = { lines: {}, marks: {} };
  const candlesOf = (symbol: string | undefined): AlertPanel | null =>
    symbol === undefined ? null : symbol === view.y ? 'candles' : symbol === view.x ? 'candles-x' : null;
  const pairPanel = (kind: string, pair: PairSpec | undefined): AlertPanel | null => {
    if (!pair || !view.pair || !samePair(pair, view.pair)) return null;
    return kind === 'zscore' ? 'zscore' : kind === 'spread' ? 'spread' : kind === 'correlation' ? 'correlation' : null;
  };

  for (const r of rules) {
    if (!r.enabled) continue;
    if (r.kind === 'zscore') {
      const panel = pairPanel(r.kind, r.pair);
      if (!panel) continue;
      const levels = r.op === 'above' ? [r.k] : r.op === 'below' ? [-r.k] : [r.k, -r.k];
      for (const value of levels) (out.lines[panel] ??= []).push({ value, label: r.name });
    } else if (r.kind === 'spread' || r.kind === 'correlation') {
      const panel = pairPanel(r.kind, r.pair);
      if (panel) (out.lines[panel] ??= []).push({ value: r.level, label: r.name });
    } else if (r.kind === 'price') {
      const panel = candlesOf(r.symbol);
      if (panel) (out.lines[panel] ??= []).push({ value: r.level, label: r.name });
    }
  }

  for (const a of history) {
    let panel: AlertPanel | null = null;
    let value: number | null = a.value;
    if (a.kind === 'zscore' || a.kind === 'spread' || a.kind === 'correlation') panel = pairPanel(a.kind, a.pair);
    else if (a.kind === 'price') panel = candlesOf(a.symbol);
    else if (a.kind === 'change') {
      panel = candlesOf(a.symbol);
      value = panel && a.symbol ? (view.closeAt?.(a.symbol, a.ts) ?? null) : null;
    }
    if (panel && value !== null && Number.isFinite(value))
      (out.marks[panel] ??= []).push({ ts: a.ts, value, label: a.ruleName });
  }
  return out;
}
