import type { ReactNode } from 'react';
import type { BacktestRun } from '../../../shared/contract';
import { costShare } from '../../lib/backtest/costShare';
import { usdt as money } from '../../lib/backtest/money';
import { formatStat } from '../../lib/format';

const pct = (v: number | null, digits = 1) => (v === null ? '—' : `${(v * 100).toFixed(digits)}%`);
const sign = (v: number) => (v > 0 ? 'up' : v < 0 ? 'down' : '');

/** The run's figures at a glance (../shared/specs/backtest.md, "Report"), in USDT. */
export function SummaryCards({ run }: { run: BacktestRun }) {
  const s = run.summary;
  const costs = costShare(s);
  const label = run.part === 'out' ? 'out-of-sample' : run.part === 'in' ? 'in-sample' : null;
  return (
    <div className="bt-cards" data-testid="bt-cards">
      <Card title="Net PnL" testId="bt-net" note={label ?? 'USDT'}>
        <div className={`bt-big ${sign(s.netPnl)}`}>{money(s.netPnl)}</div>
        <div className="muted">
          {s.returnPct >= 0 ? '+' : ''}
          {s.returnPct.toFixed(2)}% of {run.params.notional.toLocaleString('en-US')}
        </div>
      </Card>
      <Card title="Costs" testId="bt-costs" note="fees + funding">
        <div className="bt-big">{money(costs.costs)}</div>
        <div
          className="muted"
          data-testid="bt-cost-share"
          title={`fees ${money(s.fees)}, funding ${money(s.funding)}; gross PnL ${money(s.grossPnl)} USDT`}
        >
          {costs.share === null
            ? `on a gross loss of ${money(-s.grossPnl)}`
            : `${(costs.share * 100).toFixed(0)}% of gross PnL ${money(s.grossPnl)}`}
        </div>
      </Card>
      <Card title="Sharpe" testId="bt-sharpe" note="after costs">
        <div className={`bt-big ${s.sharpe === null ? '' : sign(s.sharpe)}`}>{formatStat(s.sharpe, 2)}</div>
        <div className="muted">without costs {formatStat(s.sharpeNoCosts, 2)}</div>
      </Card>
      <Card title="Max drawdown" testId="bt-drawdown">
        <div className="bt-big">{money(s.maxDrawdown)}</div>
        <div className="muted">{s.maxDrawdownPct.toFixed(2)}% of notional</div>
      </Card>
      <Card title="Trades" testId="bt-trade-count">
        <div className="bt-big">{s.trades}</div>
        <div
          className="muted"
          title={`held ${s.avgBarsHeld === null ? '—' : s.avgBarsHeld.toFixed(1)} bars on average, ${s.maxBarsHeld ?? '—'} at most`}
        >
          won {pct(s.winRate, 0)} · {s.avgBarsHeld === null ? '—' : s.avgBarsHeld.toFixed(1)} bars avg
        </div>
      </Card>
      <Card title="Exposure" testId="bt-exposure">
        <div className="bt-big">{pct(s.exposure)}</div>
        <div className="muted">
          W {run.params.window} · entry {run.params.entry} · exit {run.params.exit}
          {run.params.stop !== null ? ` · stop ${run.params.stop}` : ''}
        </div>
      </Card>
    </div>
  );
}

function Card({
  title,
  testId,
  note,
  children,
}: {
  title: string;
  testId: string;
  note?: string;
  children: ReactNode;
}) {
  return (
    <div className="card bt-card" data-testid={testId}>
      <header>
        <span className="card-title">{title}</span>
        {note && <span className="muted small">{note}</span>}
      </header>
      {children}
    </div>
  );
}
