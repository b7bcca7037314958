import { useEffect, useRef, useState } from 'react';
import type { ExportRequest, PairSpec } from '../../shared/contract';
import { TIMEFRAMES, type Timeframe } from '../../shared/market';
import type { ExportState } from '../hooks/useExport';
import { formatDateTime } from '../lib/format';
import { fromUtcInput, toUtcInput } from '../lib/utcInput';

// The scan table is exported from the Scanner view, where it is shown.
type Kind = Exclude<ExportRequest['kind'], 'scan'>;
type Range = 'visible' | 'all' | 'custom';

interface Props {
  /** Legs on screen (Y first); any stored symbol can be typed in the select's list. */
  legs: string[];
  symbols: string[];
  tf: Timeframe;
  spec: PairSpec | null;
  /** The zoomed range of the linked time axis, or null before anything is drawn. */
  visible: [number, number] | null;
  state: ExportState;
  run: (req: ExportRequest, what: string) => void;
  onClose: () => void;
}

const FORMATS: Record<Kind, string[]> = {
  ticks: ['csv', 'json', 'jsonl', 'parquet'],
  bars: ['csv', 'json', 'parquet'],
  series: ['csv'],
};
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Export ticks, bars or the pair's analytics series of the visible range (or all, or a
 * chosen range). The engine writes the file: the native save dialog in the app, a download
 * in the browser.
 */
export function ExportDialog({ legs, symbols, tf: viewTf, spec, visible, state, run, onClose }: Props) {
  const [kind, setKind] = useState<Kind>('bars');
  const [symbol, setSymbol] = useState(legs[0] ?? symbols[0] ?? '');
  const [tf, setTf] = useState<Timeframe>(viewTf);
  const [format, setFormat] = useState('csv');
  const [range, setRange] = useState<Range>(visible ? 'visible' : 'all');
  const [from, setFrom] = useState(visible ? toUtcInput(visible[0]) : '');
  const [to, setTo] = useState(visible ? toUtcInput(visible[1]) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const formats = FORMATS[kind];
  const fmtNow = formats.includes(format) ? format : formats[0];
  const running = state.phase === 'running';

  const bounds = (): { from?: number; to?: number } | string => {
    if (range === 'all') return {};
    if (range === 'visible') {
      if (!visible) return 'Nothing is drawn yet: choose "everything stored" or a range.';
      return { from: Math.max(0, Math.floor(visible[0])), to: Math.ceil(visible[1]) };
    }
    const f = fromUtcInput(from);
    const t = fromUtcInput(to);
    if (from && f === null) return 'The start is not a date and time.';
    if (to && t === null) return 'The end is not a date and time.';
    if (f !== null && t !== null && t <= f) return 'The end must be after the start.';
    return { ...(f !== null ? { from: f } : {}), ...(t !== null ? { to: t } : {}) };
  };

  const submit = () => {
    const b = bounds();
    if (typeof b === 'string') return setProblem(b);
    setProblem(null);
    if (kind === 'series') {
      if (!spec) return setProblem('The analytics series needs a pair: switch to pair mode with two different legs.');
      return run(
        { kind: 'series', pair: spec, ...b, format: 'csv' },
        `${spec.y}/${spec.x} ${spec.tf} W${spec.window} series`,
      );
    }
    if (!symbol) return setProblem('Pick a symbol.');
    if (kind === 'ticks')
      return run(
        { kind: 'ticks', symbol, ...b, format: fmtNow as Extract<ExportRequest, { kind: 'ticks' }>['format'] },
        `${symbol} ticks`,
      );
    run(
      { kind: 'bars', symbol, tf, ...b, format: fmtNow as Extract<ExportRequest, { kind: 'bars' }>['format'] },
      `${symbol} ${tf} bars`,
    );
  };

  const choices = [...legs, ...symbols.filter((s) => !legs.includes(s))];
  return (
    <div className="overlay" data-testid="export-dialog" onClick={() => !running && onClose()}>
      <div className="overlay-card form export" onClick={(e) => e.stopPropagation()} role="dialog" aria-label="Export">
        <h2>Export</h2>
        <label>
          what
          <select ref={first} data-testid="export-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="bars">bars (OHLCV)</option>
            <option value="ticks">ticks (every trade)</option>
            <option value="series" disabled={!spec}>
              analytics series{spec ? ` (${spec.y}/${spec.x} W${spec.window})` : ' (pair mode only)'}
            </option>
          </select>
        </label>
        {kind === 'series' ? (
          <label>
            pair
            <span className="value">
              {spec
                ? `${spec.y} on ${spec.x} · ${spec.tf} · W ${spec.window} · spread ${spec.mode ?? 'raw'}${spec.mode === 'ratio' ? '' : ` ${spec.hedge ?? 'ols'}`}`
                : '—'}
            </span>
          </label>
        ) : (
          <label>
            symbol
            <select data-testid="export-symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)}>
              {choices.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        )}
        {kind === 'bars' && (
          <label>
            timeframe
            <select data-testid="export-tf" value={tf} onChange={(e) => setTf(e.target.value as Timeframe)}>
              {TIMEFRAMES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          format
          <select data-testid="export-format" value={fmtNow} onChange={(e) => setFormat(e.target.value)}>
            {formats.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
        <fieldset className="range" data-testid="export-range">
          <legend className="muted">range (UTC)</legend>
          {/* Full dates with the year: a range over days or years (a replay, a stored history) is ambiguous without them. */}
          <label className="radio" data-testid="export-range-visible">
            <input
              type="radio"
              name="range"
              checked={range === 'visible'}
              disabled={!visible}
              onChange={() => setRange('visible')}
            />
            visible on the charts
            {visible ? `: ${formatDateTime(visible[0])} → ${formatDateTime(visible[1])}` : ' (nothing drawn yet)'}
          </label>
          <label className="radio">
            <input
              type="radio"
              name="range"
              data-testid="export-range-all"
              checked={range === 'all'}
              onChange={() => setRange('all')}
            />
            everything stored
          </label>
          <label className="radio">
            <input
              type="radio"
              name="range"
              data-testid="export-range-custom"
              checked={range === 'custom'}
              onChange={() => setRange('custom')}
            />
            from / to
          </label>
          {range === 'custom' && (
            <div className="row">
              <input
                data-testid="export-from"
                type="datetime-local"
                step={1}
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              />
              <span className="muted">→</span>
              <input
                data-testid="export-to"
                type="datetime-local"
                step={1}
                value={to}
                onChange={(e) => setTo(e.target.value)}
              />
            </div>
          )}
        </fieldset>
        <div className="row">
          <button data-testid="export-run" className="primary" disabled={running} onClick={submit}>
            {running ? 'Exporting…' : 'Export'}
          </button>
          <button onClick={onClose} disabled={running}>
            Close
          </button>
        </div>
        <p
          data-testid="export-status"
          className={state.phase === 'failed' || problem ? 'error-text' : 'muted'}
          aria-live="polite"
        >
          {problem ??
            (state.phase === 'running'
              ? `Exporting ${state.what}… ${state.rows ? `${fmt(state.rows)} rows` : ''}`
              : state.phase === 'done' || state.phase === 'failed'
                ? state.message
                : state.phase === 'cancelled'
                  ? 'Cancelled: nothing was saved.'
                  : '\u00a0')}
        </p>
      </div>
    </div>
  );
}
