import type { BacktestResult, BacktestSummary } from '../../../shared/contract';
import { formatClock, formatStat } from '../../lib/format';

const money = (v: number) => v.toFixed(2);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const ROWS: [string, (s: BacktestSummary) => string][] = [
  ['trades', (s) => String(s.trades)],
  ['net PnL (USDT)', (s) => money(s.netPnl)],
  ['return', (s) => `${s.returnPct.toFixed(3)}%`],
  ['win rate', (s) => pct(s.winRate)],
  ['fees', (s) => money(s.fees)],
  ['funding', (s) => money(s.funding)],
  ['max drawdown', (s) => money(s.maxDrawdown)],
  ['exposure', (s) => pct(s.exposure)],
  ['Sharpe', (s) => formatStat(s.sharpe, 3)],
  ['Sharpe no costs', (s) => formatStat(s.sharpeNoCosts, 3)],
];

/**
 * In-sample best vs the same parameters out of sample, side by side as the CLI prints them,
 * with the warning that the in-sample column overstates what to expect.
 */
export function SplitComparison({ result }: { result: BacktestResult }) {
  const split = result.split;
  if (!split) {
    return (
      <div className="bt-split muted small" data-testid="bt-split">
        <b>In-sample / out-of-sample</b>
        <p>
          Tick Split in the form: the grid is then judged on the first part of the range only and its best row run
          unchanged on the rest, the honest estimate of what to expect.
        </p>
      </div>
    );
  }
  const [inRun, outRun] = result.runs;
  const p = inRun!.params;
  return (
    <div className="bt-split" data-testid="bt-split">
      <p className="small">
        <b>Split at {formatClock(split.splitTs, true)}</b> ({split.fraction}): W {p.window} · entry {p.entry} · exit{' '}
        {p.exit}
        {p.stop !== null ? ` · stop ${p.stop}` : ''}
      </p>
      <table className="bt-sbs">
        <thead>
          <tr>
            <th />
            <th>in-sample</th>
            <th>out-of-sample</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([name, f]) => (
            <tr key={name}>
              <th>{name}</th>
              <td>{f(inRun!.summary)}</td>
              <td>{f(outRun!.summary)}</td>
            </tr>
          ))}
          <tr className="muted small">
            <th>points</th>
            <td>{split.inSample.points.toLocaleString('en-US')}</td>
            <td>{split.outOfSample.points.toLocaleString('en-US')}</td>
          </tr>
        </tbody>
      </table>
      <p className="bt-warning" data-testid="bt-split-warning">
        ⚠ {result.warning}
      </p>
    </div>
  );
}
