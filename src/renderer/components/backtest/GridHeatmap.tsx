import type { BacktestCombo, BacktestResult } from '../../../shared/contract';
import { heatColor, heatmapOf } from '../../lib/backtest/heatmap';
import { formatStat } from '../../lib/format';

interface Props {
  grid: BacktestResult;
  /** The combination shown in full (highlighted). */
  shown: BacktestCombo | null;
  /** The combination a job is running now. */
  running: BacktestCombo | null;
  onRun: (combo: BacktestCombo) => void;
}

const same = (a: BacktestCombo | null, b: BacktestCombo) =>
  a !== null && a.window === b.window && a.entry === b.entry && a.exit === b.exit && a.stop === b.stop;

/**
 * The grid as entry × window, each cell coloured by its Sharpe after costs (green above
 * zero, red below) and a button that runs that combination in full. Plain HTML: the cells
 * are focusable and clickable like any button, and a grid this size needs no canvas.
 */
export function GridHeatmap({ grid, shown, running, onRun }: Props) {
  const map = heatmapOf(grid.rows);
  const best = grid.rows[grid.best]!.params;
  return (
    <div className="bt-heatmap" data-testid="bt-heatmap">
      <table>
        <thead>
          <tr>
            <th className="muted small" title="rows: rolling window W; columns: entry z">
              W \ entry
            </th>
            {map.entries.map((e) => (
              <th key={e}>{e}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.windows.map((w, wi) => (
            <tr key={w}>
              <th>{w}</th>
              {map.entries.map((e, ei) => {
                const cell = map.cells[wi]![ei];
                if (!cell) return <td key={e} />;
                const s = cell.summary;
                const p = cell.params;
                const classes = [
                  'bt-cell',
                  same(shown, p) ? 'shown' : '',
                  same(running, p) ? 'running' : '',
                  p === best || same(best, p) ? 'best' : '',
                ]
                  .filter(Boolean)
                  .join(' ');
                return (
                  <td key={e}>
                    <button
                      type="button"
                      className={classes}
                      data-testid={`bt-cell-${w}-${e}`}
                      data-sharpe={s.sharpe ?? ''}
                      style={{ background: heatColor(s.sharpe, map.scale) }}
                      title={
                        `W ${w}, entry ${e}, exit ${p.exit}${p.stop !== null ? `, stop ${p.stop}` : ''}${cell.of > 1 ? ` (best of ${cell.of})` : ''}: ` +
                        `Sharpe ${formatStat(s.sharpe, 2)} after costs, ${formatStat(s.sharpeNoCosts, 2)} without; ${s.trades} trades, net ${s.netPnl.toFixed(2)} USDT. Click to run it in full.`
                      }
                      onClick={() => onRun(p)}
                    >
                      {formatStat(s.sharpe, 2)}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Sharpe after costs{grid.split ? ', in-sample' : ''} (★ highest). Click a cell to run that combination
        {grid.split ? ' with the same split' : ''}.
      </p>
    </div>
  );
}
