import { useMemo } from 'react';
import type { BacktestCombo, BacktestRun, RollingPoint, TickscopeApi } from '../../../shared/contract';
import { timeframeMs, type Timeframe } from '../../../shared/market';
import type { Palette } from '../../charts/echartsSetup';
import { TimeAxis } from '../../charts/TimeAxis';
import { LinePanel, type Level, type LineSpec } from '../../charts/LinePanel';
import type { Timeline } from '../../charts/timeline';
import type { BacktestState } from '../../hooks/useBacktest';
import { tradeMarkers } from '../../lib/backtest/zMarkers';
import { tradeZoom } from '../../lib/backtest/tradeZoom';
import { formatClock, formatStat } from '../../lib/format';
import '../../styles/backtest.css';
import { GridHeatmap } from './GridHeatmap';
import { SplitComparison } from './SplitComparison';
import { SummaryCards } from './SummaryCards';
import { TradeTable } from './TradeTable';
import { UseAsAlert } from './UseAsAlert';

interface Props {
  api: TickscopeApi;
  bt: BacktestState;
  /** The pair on screen. */
  y: string | null;
  x: string | null;
  tf: Timeframe;
  /** The charts' rolling window (their z line). */
  window: number;
  setWindow: (w: number) => void;
  timeline: Timeline;
  palette: Palette;
  /** The pair's rolling series the charts show (its z line carries the trade markers). */
  points: RollingPoint[];
}

const compact = (v: number) => String(Number(v.toPrecision(4)));
const usd = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
interface CurvePoint {
  ts: number;
  net: number;
  gross: number;
}

/**
 * The backtest of the pair on screen: summary cards, the equity curve (gross and net) and
 * the z-score with each trade's entry and exit, both on the charts' shared time axis (zoom
 * here and the charts follow), the grid's heatmap, the in-sample / out-of-sample comparison
 * and the trades. The parameters are in the sidebar's Backtest tab.
 */
export function BacktestView({ api, bt, y, x, tf, window, setWindow, timeline, palette: p, points }: Props) {
  const result = bt.result?.value ?? null;
  const run: BacktestRun | null = result ? result.runs[result.runs.length - 1]! : null;
  const forPair = result !== null && result.y === y && result.x === x && result.tf === tf;

  // One line per run and curve: a split's two runs each start flat, and must not be joined.
  const equityLines = useMemo(() => {
    if (!result) return [] as LineSpec[];
    return result.runs.flatMap((r) => {
      const pts: CurvePoint[] = r.curve.ts.map((ts, i) => ({ ts, net: r.curve.net[i]!, gross: r.curve.gross[i]! }));
      const tag = result.runs.length > 1 ? ` ${r.part === 'in' ? 'IS' : 'OOS'}` : '';
      return [
        {
          id: `gross-${r.part}`,
          name: `gross${tag}`,
          color: p.x,
          points: pts,
          value: (q: CurvePoint) => q.gross,
          dashed: true,
        },
        { id: `net-${r.part}`, name: `net${tag}`, color: p.accent, points: pts, value: (q: CurvePoint) => q.net },
      ] as LineSpec[];
    });
  }, [result, p]);
  const zLines = useMemo(
    () => [{ id: 'z', name: 'z', color: p.accent, points, value: (q: RollingPoint) => q.z }] as LineSpec[],
    [points, p],
  );
  const markers = useMemo(
    () => (result && forPair ? tradeMarkers(result, { long: p.up, short: p.down, exit: p.muted }) : []),
    [result, forPair, p],
  );

  const running: BacktestCombo | null = useMemo(() => {
    const r = bt.job?.request;
    if (!r || r.window.length !== 1 || (r.entry?.length ?? 1) !== 1) return null;
    return { window: r.window[0]!, entry: r.entry?.[0] ?? 2, exit: r.exit?.[0] ?? 0, stop: r.stop?.[0] ?? null };
  }, [bt.job]);

  const runCell = (combo: BacktestCombo) => {
    const base = bt.grid?.request;
    if (!base) return;
    void bt.run({ ...base, window: [combo.window], entry: [combo.entry], exit: [combo.exit], stop: [combo.stop] });
  };

  const showTrade = (entryTs: number, exitTs: number) => {
    if (!timeline.ready) return;
    const { min, max } = timeline.window;
    // The window is in axis units (holes in the data cut out): so are the trade's times.
    const { axis } = timeline;
    const [start, end] = tradeZoom(axis.toAxis(entryTs), axis.toAxis(exitTs), timeframeMs(tf), min, max);
    timeline.setZoom(start, end);
  };

  if (!result || !run) {
    return (
      <section className="bt-view" data-testid="backtest-view">
        <div className="bt-empty">
          {bt.job ? (
            <p>
              Backtesting {bt.job.request.y} on {bt.job.request.x}…{' '}
              {bt.job.total > 0 ? `${bt.job.done} / ${bt.job.total}` : ''}
            </p>
          ) : (
            <>
              <p>
                Backtest the z-score mean reversion of {y && x ? `${y} on ${x}` : 'the pair on screen'} ({tf}) on its
                stored bars.
              </p>
              <p className="muted">
                Set the parameters in the sidebar and press Run. Comma lists for W and entry run a grid. Press b to go
                back to the charts.
              </p>
            </>
          )}
          {bt.message && <p className="bt-error">{bt.message}</p>}
        </div>
      </section>
    );
  }

  const zLevels: Level[] = [
    { value: run.params.entry, label: `+${run.params.entry}`, color: p.down },
    { value: run.params.exit, label: '', color: p.band },
    { value: -run.params.exit, label: '', color: p.band },
    { value: -run.params.entry, label: `−${run.params.entry}`, color: p.up },
  ];
  const last = result.runs.map((r) => r.curve.net[r.curve.net.length - 1] ?? 0);

  return (
    <section className="bt-view" data-testid="backtest-view">
      <header className="bt-head">
        <span className="bt-title">
          Backtest · <b>{result.y}</b> on <b>{result.x}</b> · {result.tf} · {formatClock(result.from, true)} –{' '}
          {formatClock(result.to, true)}{' '}
          <span className="muted">
            ({result.points.toLocaleString('en-US')} points
            {result.rows.length > 1 ? `, best of ${result.rows.length}` : ''})
          </span>
        </span>
        <UseAsAlert api={api} result={result} run={run} />
      </header>
      {!forPair && (
        <p className="bt-stale" data-testid="bt-stale">
          This result is for {result.y} on {result.x} {result.tf}; the charts show {y ?? '—'} on {x ?? '—'} {tf}. Run
          again for the pair on screen.
        </p>
      )}
      <SummaryCards run={run} />
      <div className="bt-body">
        <div className="bt-charts">
          <LinePanel
            id="equity"
            timeline={timeline}
            palette={p}
            lines={equityLines}
            levels={[{ value: 0, label: '', color: p.band }]}
            format={compact}
            version={result}
            placeholder={null}
            header={
              <>
                <span title="Equity at each bar's close, USDT: net after every cost; gross before fees and funding (the fills' slippage is in both)">
                  Equity: <b style={{ color: p.accent }}>net</b> / <b style={{ color: p.x }}>gross</b>
                </span>
                <span className="muted" data-testid="bt-equity-last">
                  {result.split
                    ? `in-sample ${usd(last[0]!)} · out-of-sample from ${formatClock(result.split.splitTs)} ${usd(last[1]!)}`
                    : `net at the end ${usd(last[0]!)} USDT`}
                </span>
              </>
            }
          />
          <LinePanel
            id="backtest-z"
            timeline={timeline}
            palette={p}
            lines={zLines}
            levels={zLevels}
            markers={markers}
            format={compact}
            version={`${points.length}:${markers.length}`}
            placeholder={points.length ? null : 'Waiting for the pair’s z-score…'}
            header={
              <>
                <span>
                  z-score: <b style={{ color: p.up }}>▲</b> long / <b style={{ color: p.down }}>▼</b> short entry,{' '}
                  <b style={{ color: p.muted }}>●</b> exit
                </span>
                {run.params.window !== window ? (
                  <span className="muted">
                    line at W {window}, trades at W {run.params.window}{' '}
                    <button
                      type="button"
                      className="link"
                      data-testid="bt-use-window"
                      onClick={() => setWindow(run.params.window)}
                    >
                      show W {run.params.window}
                    </button>
                  </span>
                ) : (
                  <span className="muted">{formatStat(points[points.length - 1]?.z, 2)}</span>
                )}
              </>
            }
          />
          {/* The panels print no times of their own: the shared strip labels both. */}
          <TimeAxis timeline={timeline} />
        </div>
        <div className="bt-side">
          {bt.grid && bt.grid.value.y === result.y && bt.grid.value.x === result.x && bt.grid.value.tf === result.tf ? (
            <GridHeatmap grid={bt.grid.value} shown={run.params} running={running} onRun={runCell} />
          ) : (
            <p className="muted small">
              A grid (comma lists for W and entry) shows here as a heatmap of Sharpe after costs; its cells run each
              combination.
            </p>
          )}
          <SplitComparison result={result} />
        </div>
      </div>
      <TradeTable result={result} onShow={(t) => showTrade(t.entryTs, t.exitTs)} />
      {result.notes.length > 0 && (
        <ul className="bt-notes muted small" data-testid="bt-notes">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
