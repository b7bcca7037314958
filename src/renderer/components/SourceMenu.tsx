import { useEffect, useRef, useState } from 'react';
import type { EngineStatus, ReplayFiles } from '../../shared/contract';
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

/** The last part of a path, whichever separator the engine's machine uses. */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * The toolbar's source control: connect live (the pair on screen or typed symbols), the
 * trades a recorder publishes on the tick bus (NATS), the simulated demo pair, a replay of
 * recordings or stored .db files, or disconnect. Replay offers only files the engine
 * granted: chosen in the desktop app's file dialog, or named on the `tickscope serve`
 * command line (a browser cannot name other paths).
 */
export function SourceMenu({ status, sw, defaultSymbols, open, setOpen }: Props) {
  const [live, setLive] = useState(defaultSymbols.join(', '));
  const [stream, setStream] = useState<'aggTrade' | 'trade'>('aggTrade');
  // Null until the engine has said which files it may replay.
  const [replayable, setReplayable] = useState<ReplayFiles | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [speed, setSpeed] = useState(0);
  const [hint, setHint] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const liveRef = useRef<HTMLInputElement>(null);
  const replayRef = useRef<HTMLButtonElement>(null);
  const defaults = defaultSymbols.join(', ');

  // Each opening starts from the pair on screen, which may have changed since.
  useEffect(() => {
    if (!open) return;
    setLive(defaults);
    setHint(null);
    (open === 'replay' ? replayRef : liveRef).current?.focus();
  }, [open, defaults]);

  // Which files may be replayed can change (a dialog elsewhere): ask at each opening.
  const { replayFiles } = sw;
  useEffect(() => {
    if (!open) return;
    let live = true;
    replayFiles().then(
      (r) => {
        if (!live) return;
        setReplayable(r);
        setChosen((prev) => new Set(prev.size > 0 ? r.files.filter((f) => prev.has(f)) : r.files));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [open, replayFiles]);

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
    const list = (replayable?.files ?? []).filter((f) => chosen.has(f));
    if (list.length === 0) return setHint('Tick at least one file to replay.');
    void run(sw.set({ kind: 'replay', files: list, speed }));
  };
  const pick = async () => {
    const picked = await sw.pickReplayFiles();
    if (picked.length === 0) return;
    setReplayable((r) => ({
      canPick: true,
      files: [...(r?.files ?? []), ...picked.filter((f) => !r?.files.includes(f))],
    }));
    setChosen(new Set(picked));
  };
  const toggleFile = (file: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(file);
      else next.delete(file);
      return next;
    });

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
              <select
                value={stream}
                onChange={(e) => setStream(e.target.value as 'aggTrade' | 'trade')}
                title="aggTrade (default) or raw trade stream"
              >
                <option value="aggTrade">aggTrade</option>
                <option value="trade">trade</option>
              </select>
              <button data-testid="source-live" className="primary" disabled={busy} onClick={connectLive}>
                Connect
              </button>
            </div>
          </section>
          <NatsSourceSection
            defaultSymbols={defaultSymbols}
            busy={busy}
            connect={(setting) => void run(sw.set(setting))}
            hint={setHint}
          />
          <section>
            <h3>Demo</h3>
            <div className="row">
              <span className="muted grow">
                A simulated cointegrated pair, streamed in real time; needs no network.
              </span>
              <button data-testid="source-demo" disabled={busy} onClick={() => void run(sw.set({ kind: 'demo' }))}>
                Use demo
              </button>
            </div>
          </section>
          <section>
            <h3>Replay files</h3>
            {!replayable ? null : replayable.files.length > 0 ? (
              <ul className="replay-files" data-testid="source-replay-files">
                {replayable.files.map((f) => (
                  <li key={f}>
                    <label title={f}>
                      <input
                        type="checkbox"
                        data-testid="source-replay-file"
                        checked={chosen.has(f)}
                        onChange={(e) => toggleFile(f, e.target.checked)}
                      />
                      <span>{baseName(f)}</span>
                      <span className="muted small path">{f.slice(0, f.length - baseName(f).length)}</span>
                    </label>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small" data-testid="source-replay-none">
                {replayable.canPick ? (
                  'Choose stream recordings (.jsonl, .gz) or Tickscope .db files to replay.'
                ) : (
                  <>
                    In a browser, replay plays the files named when the engine started:{' '}
                    <code>tickscope serve --source replay FILE…</code>
                  </>
                )}
              </p>
            )}
            <div className="row">
              {replayable?.canPick && (
                <button data-testid="source-replay-pick" disabled={busy} onClick={() => void pick()}>
                  Choose files…
                </button>
              )}
              <span className="grow" />
              <select
                data-testid="source-replay-speed"
                value={speed}
                onChange={(e) => setSpeed(Number(e.target.value))}
                title="Replay pace"
              >
                {SPEEDS.map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
              <button ref={replayRef} data-testid="source-replay" disabled={busy || chosen.size === 0} onClick={replay}>
                Replay
              </button>
            </div>
          </section>
          <section className="row">
            <span className="muted grow small">
              Stored data stays browsable when disconnected. Import a file with <code>tickscope import</code>.
            </span>
            <button
              data-testid="source-disconnect"
              disabled={busy || status?.source === 'none'}
              onClick={() => void run(sw.set({ kind: 'none' }))}
            >
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
