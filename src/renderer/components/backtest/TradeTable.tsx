import { useMemo, useState } from 'react';
import type { BacktestResult } from '../../../shared/contract';
import { nextSort, sortTrades, type TradeKey, type TradeRow, type TradeSort } from '../../lib/backtest/tradeSort';
import { formatClock } from '../../lib/format';

interface Props {
  result: BacktestResult;
  /** Zoom the charts to a trade. */
  onShow: (row: TradeRow) => void;
}

const SHOWN = 500;
const money = (v: number) => v.toFixed(2);

/** Every trade of the shown run(s), sortable by any column; a row click zooms the charts to it. */
export function TradeTable({ result, onShow }: Props) {
  const [sort, setSort] = useState<TradeSort>({ key: 'entryTs', dir: 'asc' });
  const [all, setAll] = useState(false);
  const split = result.runs.length > 1;
  const rows = useMemo(() => {
    const list: TradeRow[] = [];
    for (const run of result.runs) run.trades.forEach((t, i) => list.push({ ...t, n: i + 1, part: run.part }));
    return sortTrades(list, sort);
  }, [result, sort]);
  const cols: [TradeKey, string, string][] = [
    ['n', '#', 'trade number in its run'],
    ...(split ? ([['part', 'part', 'in-sample or out-of-sample']] as [TradeKey, string, string][]) : []),
    ['side', 'side', 'long: bought Y, sold X; short: the reverse'],
    ['entryTs', 'entry', 'entry fill time (UTC): the open after the signal'],
    ['exitTs', 'exit', 'exit fill time (UTC)'],
    ['reason', 'reason', 'exit, stop, maxHold, or end (still open at the last close)'],
    ['barsHeld', 'bars', 'bars held'],
    ['betaE', 'β', 'hedge ratio frozen at entry'],
    ['gross', 'gross', 'PnL at fill prices, USDT'],
    ['fees', 'fees', 'four fills, USDT'],
    ['funding', 'funding', 'paid (+) or received (−), USDT'],
    ['net', 'net', 'gross − fees − funding, USDT'],
  ];
  const shown = all ? rows : rows.slice(0, SHOWN);
  if (rows.length === 0)
    return (
      <p className="muted" data-testid="bt-no-trades">
        No trades: z never reached the entry level with a usable hedge ratio.
      </p>
    );
  return (
    <div className="bt-trades">
      <table data-testid="bt-trades">
        <thead>
          <tr>
            {cols.map(([key, label, title]) => (
              <th
                key={key}
                title={title}
                aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                <button type="button" data-testid={`bt-sort-${key}`} onClick={() => setSort((s) => nextSort(s, key))}>
                  {label}
                  {sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => (
            <tr
              key={`${t.part}-${t.n}`}
              className={`clickable ${t.net > 0 ? 'win' : 'loss'}`}
              data-entry-ts={t.entryTs}
              data-exit-ts={t.exitTs}
              data-net={t.net}
              title="Show this trade on the charts"
              onClick={() => onShow(t)}
            >
              <td>{t.n}</td>
              {split && <td>{t.part === 'in' ? 'IS' : 'OOS'}</td>}
              <td className={t.side}>{t.side}</td>
              <td>{formatClock(t.entryTs, true)}</td>
              <td>{formatClock(t.exitTs, true)}</td>
              <td>{t.reason}</td>
              <td>{t.barsHeld}</td>
              <td>{t.betaE.toPrecision(5)}</td>
              <td>{money(t.gross)}</td>
              <td>{money(t.fees)}</td>
              <td>{money(t.funding)}</td>
              <td className={t.net > 0 ? 'up' : 'down'}>{money(t.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown.length && (
        <button type="button" className="bt-more" onClick={() => setAll(true)}>
          Show all {rows.length} trades ({rows.length - shown.length} more)
        </button>
      )}
    </div>
  );
}
