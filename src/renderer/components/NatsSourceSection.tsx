import { useState } from 'react';
import type { SourceSetting } from '../../shared/contract';
import { parseList } from '../lib/sourceLabel';

interface Props {
  /** The pair on screen: the symbols a desk usually wants from the bus. */
  defaultSymbols: string[];
  busy: boolean;
  connect: (setting: Extract<SourceSetting, { kind: 'nats' }>) => void;
  hint: (message: string) => void;
}

/**
 * The Source menu's tick-bus section: a desk consumes recorded trades from a NATS JetStream
 * server instead of holding its own Binance connection (README, "Team setup").
 */
export function NatsSourceSection({ defaultSymbols, busy, connect, hint }: Props) {
  const [url, setUrl] = useState('nats://127.0.0.1:4222');
  const [symbols, setSymbols] = useState(defaultSymbols.join(', '));
  const submit = () => {
    const list = parseList(symbols.toUpperCase().replace(/\s+/g, ','));
    if (!/^(nats|tls):\/\/\S+$/i.test(url.trim()))
      return hint('A tick bus address looks like nats://HOST:4222 (tls:// for TLS).');
    if (list.length === 0) return hint('Type one or more symbols, e.g. BTCUSDT, ETHUSDT.');
    connect({ kind: 'nats', url: url.trim(), symbols: list });
  };
  return (
    <section>
      <h3>NATS server (tick bus)</h3>
      <div className="row">
        <input
          data-testid="source-nats-url"
          className="grow"
          value={url}
          placeholder="nats://bus.example:4222"
          title="A recorder publishes there with tickscope record --publish; credentials: nats://user:pass@host or the engine's TICKSCOPE_NATS_* variables"
          onChange={(e) => setUrl(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && submit()}
        />
      </div>
      <div className="row">
        <input
          data-testid="source-nats-symbols"
          className="grow"
          value={symbols}
          placeholder="BTCUSDT, ETHUSDT"
          onChange={(e) => setSymbols(e.target.value)}
        />
        <button data-testid="source-nats" disabled={busy} onClick={submit}>
          Consume
        </button>
      </div>
    </section>
  );
}
