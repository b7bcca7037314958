import type { EngineStatus } from '../../shared/contract';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** Per-symbol feed state and counters, and the database size. */
export function StatusBar({ status, error }: { status: EngineStatus | null; error: string | null }) {
  if (error) return <footer className="statusbar error">Engine unreachable: {error}</footer>;
  if (!status) return <footer className="statusbar">Connecting to the engine…</footer>;
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span className="source">source: {status.source}</span>
      {status.symbols.map((s) => (
        <span key={s.symbol} className={`feed feed-${s.state}`} title={`gaps found ${s.gapsFound}, filled ${s.gapsFilled}, rejects ${s.rejects}`}>
          <i className="dot" /> {s.symbol} {s.state} · {s.messagesPerSec.toFixed(0)} msg/s · {s.ticksStored.toLocaleString()} ticks
          {s.gapsFound > 0 && ` · gaps ${s.gapsFilled}/${s.gapsFound}`}
        </span>
      ))}
      <span className="db" title={status.dbPath}>
        db {formatBytes(status.dbSizeBytes)}
      </span>
    </footer>
  );
}
