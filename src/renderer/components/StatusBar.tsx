import type { EngineStatus } from '../../shared/contract';
import { formatAge, formatBytes } from '../lib/format';
import { unfilledGapsNote } from '../lib/gapStatus';

/** Per-symbol feed state and counters, unfilled gaps (breaks in the data), and the database size. */
export function StatusBar({ status, error, now }: { status: EngineStatus | null; error: string | null; now: number }) {
  if (error) return <footer className="statusbar error">Engine unreachable: {error}</footer>;
  if (!status) return <footer className="statusbar">Connecting to the engine…</footer>;
  const gaps = unfilledGapsNote(status.unfilledGaps);
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span className="source" title="Where ticks come from; change it with the source menu in the toolbar (o)">
        source: <b data-testid="status-source">{status.source}</b>
        {status.sourceError ? <span className="warn"> (failed)</span> : null}
      </span>
      {status.symbols.length === 0 && <span>no feeds running</span>}
      {status.symbols.map((s) => (
        <span
          key={s.symbol}
          className={`feed feed-${s.state}`}
          data-testid={`feed-${s.symbol}`}
          title={`${s.ticksStored.toLocaleString()} ticks stored · ${s.rejects} rejected`}
        >
          <i className="dot" /> {s.symbol} <b>{s.state}</b> · {s.messagesPerSec.toFixed(0)} msg/s · last tick {formatAge(s.lastTickTs, now)} · gaps{' '}
          <span className={s.gapsFilled < s.gapsFound ? 'warn' : ''}>
            {s.gapsFilled}/{s.gapsFound} filled
          </span>
        </span>
      ))}
      {status.store?.state === 'write-failed' && (
        <span
          className="store-failed"
          data-testid="status-store"
          title={`${status.store.pendingTicks.toLocaleString()} ticks held for retry · ${status.store.droppedTicks.toLocaleString()} dropped`}
        >
          store: <b>write failed</b> · {status.store.error}
        </span>
      )}
      {gaps && (
        <span className="warn" data-testid="status-unfilled-gaps" title={gaps.title}>
          {gaps.text}
        </span>
      )}
      {status.source === 'demo' ? (
        <span className="db" data-testid="status-db" title={`${status.dbPath}: the demo's own database, deleted when the demo ends; yours is not touched`}>
          demo db (temporary) {formatBytes(status.dbSizeBytes)}
        </span>
      ) : (
        <span className="db" data-testid="status-db" title={status.dbPath}>
          db {formatBytes(status.dbSizeBytes)}
        </span>
      )}
      <span className="hint">? shortcuts</span>
    </footer>
  );
}
