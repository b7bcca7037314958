import type { EngineStatus } from '../../shared/contract';
import type { SourceSwitch } from '../hooks/useSourceSwitch';

interface Props {
  status: EngineStatus | null;
  sw: SourceSwitch;
  liveSymbols: string[];
  onReplay: () => void;
}

/** What an empty database looks like: why there is nothing, and the ways to get data. */
export function FirstRun({ status, sw, liveSymbols, onReplay }: Props) {
  const busy = sw.pending !== null;
  let headline: string;
  if (!status) headline = 'Connecting to the engine…';
  else if (status.sourceError)
    headline = status.source === 'live' ? 'Binance cannot be reached' : `The ${status.source} source did not start`;
  else if (status.source === 'none') headline = 'Disconnected, and no trades are stored yet.';
  else {
    const names = status.symbols.map((s) => s.symbol).join(', ');
    headline = `Connected (${status.source}${names ? `: ${names}` : ''}); waiting for the first trades…`;
  }
  const stuck = status !== null && (status.sourceError || status.source === 'none');
  return (
    <main className="panels first-run" data-testid="first-run">
      <div className="first-run-card">
        <h2>{headline}</h2>
        {status?.sourceError && <p className="why">{status.sourceError}</p>}
        {stuck && (
          <p className="muted">
            Use the demo, replay a recording, or import a file with <code>tickscope import</code>.
          </p>
        )}
        <div className="row">
          <button
            data-testid="first-run-demo"
            className="primary"
            disabled={busy}
            onClick={() => void sw.set({ kind: 'demo' })}
          >
            {sw.pending === 'demo' ? 'Starting demo…' : 'Use the demo'}
          </button>
          <button data-testid="first-run-replay" onClick={onReplay}>
            Replay a recording…
          </button>
          <button
            data-testid="first-run-live"
            disabled={busy || liveSymbols.length === 0}
            onClick={() => void sw.set({ kind: 'live', symbols: liveSymbols })}
          >
            {sw.pending === 'live' ? 'Connecting…' : `Connect live (${liveSymbols.join(', ')})`}
          </button>
        </div>
        <p className="muted small">
          Import recordings or Binance bulk files from a terminal:{' '}
          <code>tickscope import FILE… --db {status && status.source !== 'demo' ? status.dbPath : 'PATH'}</code>
        </p>
        {sw.error && <p className="error-text">The engine refused: {sw.error}</p>}
      </div>
    </main>
  );
}
