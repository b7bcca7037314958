import { useEffect, useRef, useState } from 'react';
import type { EngineStatus } from '../../shared/contract';
import type { SourceSwitch } from '../hooks/useSourceSwitch';
import { parseList, sourceHealth, sourceLabel } from '../lib/sourceLabel';
import { NatsSourceSection } from './NatsSourceSection';

export type SourceSection = 'live' | 'replay';

interface Props {
  status: EngineStatus | null;
  sw: SourceSwitch;
  /** The symbols Live connects to unless the trader types others: the pair on screen. */
  defaultSymbols: string[];
  /** Which section has the focus when open; null when closed. */
  open: SourceSection | null;
  setOpen: (s: SourceSection | null) => void;
}

const SPEEDS: [number, string][] = [
  [0, 'as fast as possible'],
  [1, 'real time (1×)'],
  [10, '10×'],
  [100, '100×'],
  [1000, '1000×'],
];

/**
 * The toolbar's source control: connect live (the pair on screen or typed symbols), the
 * trades a recorder publishes on the tick bus (NATS), the simulated demo pair, a replay of
 * recordings or stored .db files, or disconnect.
 */
export function SourceMenu({ status, sw, defaultSymbols, open, setOpen }: Props) {
  const [live, setLive] = useState(defaultSymbols.join(', '));
  const [stream, setStream] = useState<'aggTrade' | 'trade'>('aggTrade');
  const [files, setFiles] = useState('');
  const [speed, setSpeed] = useState(0);
  const [hint, setHint] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const liveRef = useRef<HTMLInputElement>(null);
  const filesRef = useRef<HTMLTextAreaElement>(null);
  const defaults = defaultSymbols.join(', ');

  // Each opening starts from the pair on screen, which may have changed since.
  useEffect(() => {
    if (!open) return;
    setLive(defaults);
    setHint(null);
    (open === 'replay' ? filesRef : liveRef).current?.focus();
  }, [open, defaults]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(null);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open, setOpen]);

  const run = async (ok: Promise<boolean>) => {
    if (await ok) setOpen(null);
  };
  const connectLive = () => {
    const symbols = parseList(live.toUpperCase().replace(/\s+/g, ','));
    if (symbols.length === 0) return setHint('Type one or more symbols, e.g. BTCUSDT, ETHUSDT.');
    void run(sw.set({ kind: 'live', symbols, stream }));
  };
  const replay = () => {
    const list = parseList(files);
    if (list.length === 0) return setHint('Give the path of at least one .db, .jsonl or .gz file on the engine’s machine.');
    void run(sw.set({ kind: 'replay', files: list, speed }));
  };

  const health = sourceHealth(status);
  const busy = sw.pending !== null;
  return (
    <div className="source-menu" ref={root}>
      <button
        data-testid="source-button"
        className={`source-button ${open ? 'on' : ''}`}
        onClick={() => setOpen(open ? null : 'live')}
        title="Where ticks come from: live, demo, replay, disconnect (o, Ctrl/Cmd+O)"
        aria-expanded={Boolean(open)}
      >
        <i className={`dot dot-${health}`} />
        <span className="label">{sw.pending ? `Switching to ${sw.pending}…` : sourceLabel(status)}</span> ▾
      </button>
      {open && (
        <div className="popover" data-testid="source-popover" role="dialog" aria-label="Tick source">
          <section>
            <h3>Live from Binance USD-M</h3>
            <div className="row">
              <input
                ref={liveRef}
                data-testid="source-live-symbols"
                className="grow"
                value={live}
                placeholder="BTCUSDT, ETHUSDT"
                onChange={(e) => setLive(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && connectLive()}
              />
              <select value={stream} onChange={(e) => setStream(e.target.value as 'aggTrade' | 'trade')} title="aggTrade (default) or raw trade stream">
                <option value="aggTrade">aggTrade</option>
                <option value="trade">trade</option>
              </select>
              <button data-testid="source-live" className="primary" disabled={busy} onClick={connectLive}>
                Connect
              </button>
            </div>
          </section>
          <NatsSourceSection defaultSymbols={defaultSymbols} busy={busy} connect={(setting) => void run(sw.set(setting))} hint={setHint} />
          <section>
            <h3>Demo</h3>
            <div className="row">
              <span className="muted grow">A simulated cointegrated pair, streamed in real time; needs no network.</span>
              <button data-testid="source-demo" disabled={busy} onClick={() => void run(sw.set({ kind: 'demo' }))}>
                Use demo
              </button>
            </div>
          </section>
          <section>
            <h3>Replay files</h3>
            <textarea
              ref={filesRef}
              data-testid="source-replay-files"
              rows={2}
              value={files}
              placeholder={'/data/BTCUSDT-trade-stream.jsonl\n/data/tickscope-2024-07-18.db'}
              onChange={(e) => setFiles(e.target.value)}
            />
            <div className="row">
              <span className="muted grow small">Paths on the engine’s machine (.db, .jsonl, .gz), one per line.</span>
              <select data-testid="source-replay-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))} title="Replay pace">
                {SPEEDS.map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
              <button data-testid="source-replay" disabled={busy} onClick={replay}>
                Replay
              </button>
            </div>
          </section>
          <section className="row">
            <span className="muted grow small">
              Stored data stays browsable when disconnected. Import a file with <code>tickscope import</code>.
            </span>
            <button data-testid="source-disconnect" disabled={busy || status?.source === 'none'} onClick={() => void run(sw.set({ kind: 'none' }))}>
              Disconnect
            </button>
          </section>
          {(hint || sw.error) && (
            <p className="error-text" data-testid="source-error">
              {hint ?? `The engine refused: ${sw.error}`}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
