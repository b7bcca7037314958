import type { BacktestCombo, BacktestResult, BacktestSummary } from '../../../shared/contract';

export interface HeatCell {
  readonly params: BacktestCombo;
  readonly summary: BacktestSummary;
  /** Index of the row in the result. */
  readonly row: number;
  /** How many rows (exit × stop values) the cell stands for; it shows the best of them. */
  readonly of: number;
}

export interface Heatmap {
  /** Rows of the map, ascending. */
  readonly windows: number[];
  /** Columns, ascending. */
  readonly entries: number[];
  /** cells[w][e]: the row of windows[w] × entries[e] (null: not in the grid). */
  readonly cells: (HeatCell | null)[][];
  /** Largest |Sharpe| in the map: the colour scale's end. */
  readonly scale: number;
}

const rank = (s: BacktestSummary) => s.sharpe ?? -Infinity;

/**
 * The grid as entry × window. With several exit or stop values a cell shows the best of its
 * rows (highest Sharpe after costs, the earlier row on a tie, as the engine's best row).
 */
export function heatmapOf(rows: BacktestResult['rows']): Heatmap {
  const windows = [...new Set(rows.map((r) => r.params.window))].sort((a, b) => a - b);
  const entries = [...new Set(rows.map((r) => r.params.entry))].sort((a, b) => a - b);
  const cells: (HeatCell | null)[][] = windows.map(() => entries.map(() => null));
  rows.forEach((r, row) => {
    const w = windows.indexOf(r.params.window);
    const e = entries.indexOf(r.params.entry);
    const prev = cells[w]![e];
    const of = (prev?.of ?? 0) + 1;
    cells[w]![e] =
      prev && rank(prev.summary) >= rank(r.summary)
        ? { ...prev, of }
        : { params: r.params, summary: r.summary, row, of };
  });
  let scale = 0;
  for (const r of rows) if (r.summary.sharpe !== null) scale = Math.max(scale, Math.abs(r.summary.sharpe));
  return { windows, entries, cells, scale };
}

/**
 * A cell's background: green for a positive Sharpe after costs, red for a negative one,
 * stronger the further from zero (relative to the map's largest), neutral without one.
 */
export function heatColor(sharpe: number | null, scale: number): string {
  if (sharpe === null || !(scale > 0)) return 'var(--panel-2)';
  const share = Math.round(15 + 70 * Math.min(1, Math.abs(sharpe) / scale));
  return `color-mix(in srgb, var(${sharpe >= 0 ? '--up' : '--down'}) ${share}%, var(--panel-2))`;
}
