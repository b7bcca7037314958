import { useEffect, useState } from 'react';
import type { TickscopeApi } from '../shared/contract';
import { TIMEFRAMES, type Timeframe } from '../shared/market';
import { CandleChart } from './components/CandleChart';
import { StatusBar } from './components/StatusBar';
import { useBars } from './hooks/useBars';
import { useStatus } from './hooks/useStatus';

export function App({ api }: { api: TickscopeApi }) {
  const { status, error: statusError } = useStatus(api);
  const [symbols, setSymbols] = useState<string[]>([]);
  const [symbol, setSymbol] = useState<string | null>(null);
  const [tf, setTf] = useState<Timeframe>('1s');

  useEffect(() => {
    const refresh = () =>
      api.invoke('market.listSymbols', {}).then(({ symbols: list }) => {
        setSymbols(list);
        setSymbol((current) => current ?? list[0] ?? null);
      }, () => undefined);
    refresh();
    // Symbols appear as the first trades of a new feed land.
    return api.on('system.onDidChangeStatus', refresh);
  }, [api]);

  const { bars, loading, error } = useBars(api, symbol, tf);
  const last = bars[bars.length - 1];
  const digits = symbol?.startsWith('BTC') ? 1 : 2;

  return (
    <div className="app">
      <header className="toolbar">
        <span className="brand">Tickscope</span>
        <label>
          Symbol
          <select data-testid="symbol-select" value={symbol ?? ''} onChange={(e) => setSymbol(e.target.value)}>
            {symbols.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Timeframe
          <select data-testid="tf-select" value={tf} onChange={(e) => setTf(e.target.value as Timeframe)}>
            {TIMEFRAMES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        {last && (
          <span className="last" data-testid="last-price">
            {symbol} {last.close.toFixed(digits)}
          </span>
        )}
      </header>
      <main className="panel">
        <div className="panel-title">
          {symbol ?? '—'} · {tf} candles
          <span className="muted" data-testid="bar-count">
            {bars.length} bars
          </span>
        </div>
        <div className="chart" data-testid="candles">
          {error ? (
            <div className="empty error">Could not load bars: {error}</div>
          ) : bars.length === 0 ? (
            <div className="empty">{loading ? 'Loading bars…' : symbol ? `Waiting for the first ${symbol} trades…` : 'No data yet: connect a feed or import a file.'}</div>
          ) : (
            <CandleChart id="candles" bars={bars} priceDigits={digits} />
          )}
        </div>
      </main>
      <StatusBar status={status} error={statusError} />
    </div>
  );
}
