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
          <i className="dot" /> {s.symbol} <b>{s.state}</b> · {s.messagesPerSec.toFixed(0)} msg/s · last tick{' '}
          {formatAge(s.lastTickTs, now)} · gaps{' '}
          <span className={s.gapsFilled < s.gapsFound ? 'warn' : ''}>
            {s.gapsFilled}/{s.gapsFound} filled
          </span>
        </span>
      ))}
      {status.bus ? <BusBadge bus={status.bus} /> : null}
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
        <span
          className="db"
          data-testid="status-db"
          title={`${status.dbPath}: the demo's own database, deleted when the demo ends; yours is not touched`}
        >
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

/** The tick bus: connected or not, and how far behind the stream this desk (or recorder) is. */
function BusBadge({ bus }: { bus: NonNullable<EngineStatus['bus']> }) {
  const behind =
    bus.role === 'consume'
      ? bus.lagMessages > 0
        ? `${bus.lagMessages.toLocaleString()} msgs · ${bus.lagSeconds.toFixed(1)} s behind`
        : 'caught up'
      : bus.lagMessages > 0
        ? `${bus.lagMessages.toLocaleString()} awaiting ack`
        : 'all acknowledged';
  return (
    <span
      className={`bus bus-${bus.state}`}
      data-testid="status-bus"
      title={`${bus.role === 'consume' ? 'Consuming from' : 'Publishing to'} the tick bus at ${bus.url}${bus.lastError ? ` · ${bus.lastError}` : ''}`}
    >
      <i className="dot" /> bus <b>{bus.state}</b> · {behind}
    </span>
  );
}
