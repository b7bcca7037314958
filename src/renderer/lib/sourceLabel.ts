import type { EngineStatus } from '../../shared/contract';

/** Short words for the toolbar's source button, e.g. "Live · BTCUSDT, ETHUSDT". */
export function sourceLabel(status: EngineStatus | null): string {
  if (!status) return 'Source';
  const names = status.symbols.map((s) => s.symbol);
  const list = names.length > 2 ? `${names.slice(0, 2).join(', ')} +${names.length - 2}` : names.join(', ');
  switch (status.source) {
    case 'none':
      return 'Disconnected';
    case 'demo':
      return 'Demo · simulated';
    case 'replay':
      if (names.length > 0 && status.symbols.every((s) => s.state === 'finished'))
        return list ? `Replay finished · ${list}` : 'Replay finished';
      return list ? `Replay · ${list}` : 'Replay';
    case 'live':
      return status.sourceError ? 'Live · failed' : list ? `Live · ${list}` : 'Live';
    case 'nats':
      return status.sourceError ? 'NATS · failed' : list ? `NATS · ${list}` : 'NATS';
  }
}

/** Dot colour class: running, trying, failed or off (also a replay that has finished). */
export function sourceHealth(status: EngineStatus | null): 'ok' | 'busy' | 'bad' | 'off' {
  if (!status || status.source === 'none') return 'off';
  if (status.sourceError) return 'bad';
  const states = status.symbols.map((s) => s.state);
  if (states.some((s) => s === 'stale' || s === 'stopped')) return 'bad';
  if (states.length > 0 && states.every((s) => s === 'finished')) return 'off';
  if (states.some((s) => s === 'connecting' || s === 'reconnecting' || s === 'backfilling')) return 'busy';
  return 'ok';
}

/** Symbols or paths as typed: one per line or separated by commas, blanks dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
}
