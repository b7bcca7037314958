import { useState } from 'react';
import type { EngineStatus } from '../../shared/contract';
import type { SourceSwitch } from '../hooks/useSourceSwitch';

interface Props {
  status: EngineStatus | null;
  sw: SourceSwitch;
  liveSymbols: string[];
  onReplay: () => void;
}

/**
 * What the trader must read before trusting the screen: the source failed to start
 * (Binance unreachable) or the engine chose for them (the offline fallback to the demo).
 * It stays until they act or dismiss it; a new message shows again.
 */
export function SourceBanner({ status, sw, liveSymbols, onReplay }: Props) {
  const [dismissed, setDismissed] = useState<string | null>(null);
  const error = status?.sourceError ?? null;
  const notice = status?.notice ?? null;
  const text = error ? `The ${status?.source} source did not start: ${error}` : notice;
  if (!text || text === dismissed) return null;
  const busy = sw.pending !== null;
  return (
    <div className={`banner ${error ? 'bad' : 'info'}`} data-testid="source-banner" role="alert">
      <span className="banner-text">{text}</span>
      {sw.error && <span className="error-text">({sw.error})</span>}
      <button
        data-testid="banner-retry-live"
        disabled={busy || liveSymbols.length === 0}
        onClick={() => void sw.set({ kind: 'live', symbols: liveSymbols })}
      >
        {sw.pending === 'live'
          ? 'Connecting…'
          : `Retry live${liveSymbols.length ? ` (${liveSymbols.join(', ')})` : ''}`}
      </button>
      <button data-testid="banner-use-demo" disabled={busy} onClick={() => void sw.set({ kind: 'demo' })}>
        {sw.pending === 'demo' ? 'Starting demo…' : 'Use demo'}
      </button>
      <button data-testid="banner-replay" onClick={onReplay}>
        Replay…
      </button>
      <button className="icon" title="Dismiss" onClick={() => setDismissed(text)}>
        ×
      </button>
    </div>
  );
}
