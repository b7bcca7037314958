import type { ReactNode } from 'react';
import type { Timeframe } from '../../../shared/market';
import type { BacktestState } from '../../hooks/useBacktest';
import { formRequest, type BacktestForm as Form, type FormField } from '../../lib/backtest/backtestForm';

interface Props {
  bt: BacktestState;
  y: string | null;
  x: string | null;
  tf: Timeframe;
  pairMode: boolean;
  /** The charts' visible window, for "the visible window" range. */
  visible: () => [number, number] | null;
}

/**
 * The backtest's parameters (../shared/specs/backtest.md, "Input") for the pair on screen,
 * checked as they are typed: each field says what the engine would refuse about it.
 */
export function BacktestForm({ bt, y, x, tf, pairMode, visible }: Props) {
  const { form, setForm, job } = bt;
  if (!pairMode) return <p className="muted">A backtest trades a pair: switch to pair mode (s) and pick Y and X.</p>;
  const outcome = formRequest(form, { y, x, tf, visible: form.range === 'visible' ? visible() : null });
  const errors: Partial<Record<FormField, string>> = outcome.ok ? {} : outcome.errors;
  const running = job !== null;
  const submit = () => {
    // Read the visible window now: zooming does not re-render this form.
    const now = formRequest(form, { y, x, tf, visible: form.range === 'visible' ? visible() : null });
    if (now.ok) void bt.run(now.request);
  };
  const text = (field: keyof Form & FormField, label: ReactNode, title: string, placeholder = '') => (
    <Field label={label} error={errors[field]} title={title}>
      <input
        data-testid={`bt-${field}`}
        value={form[field] as string}
        placeholder={placeholder}
        aria-invalid={errors[field] ? true : undefined}
        onChange={(e) => setForm({ [field]: e.target.value })}
      />
    </Field>
  );
  return (
    <form
      className="form bt-form"
      data-testid="backtest-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p className="bt-pair">
        <b>{y ?? '—'}</b> on <b>{x ?? '—'}</b> · {tf} <span className="muted">(the pair on screen)</span>
      </p>
      {errors.pair && (
        <p className="bt-error" data-testid="bt-error-pair">
          {errors.pair}
        </p>
      )}
      <Field label="Range" error={errors.range} title="Which stored bars the backtest reads">
        <select
          data-testid="bt-range"
          value={form.range}
          onChange={(e) => setForm({ range: e.target.value as Form['range'] })}
        >
          <option value="all">all stored bars</option>
          <option value="visible">the visible window</option>
        </select>
      </Field>
      {text(
        'windows',
        'Window W',
        'Rolling window in aligned points; a comma list makes a grid (the heatmap rows)',
        'e.g. 300, 900',
      )}
      {text(
        'entry',
        'Entry z',
        'Open a long spread at z ≤ −entry, a short at z ≥ entry; a comma list makes a grid (the heatmap columns)',
        'e.g. 1.5, 2',
      )}
      {text('exit', 'Exit z', 'Close a long at z ≥ −exit, a short at z ≤ exit (below entry)', '0')}
      {text('stop', 'Stop z', 'Also close at |z| ≥ stop, then wait for |z| < entry (empty: none)', 'none')}
      {text('maxHold', 'Max hold', 'Also close after this many bars in the position (empty: none)', 'none')}
      <Field label="Prices" title="raw: hedge units (qX = β·qY); log: hedge dollars (qX = β·notional/oX)">
        <select
          data-testid="bt-mode"
          value={form.mode}
          onChange={(e) => setForm({ mode: e.target.value as Form['mode'] })}
        >
          <option value="raw">raw</option>
          <option value="log">log</option>
        </select>
      </Field>
      {text('notional', 'Notional', 'USDT of the Y leg at entry')}
      {text('feeBps', 'Fee bps', 'Per leg per fill (Binance USD-M taker: 5)')}
      {text('slippageBps', 'Slippage bps', 'Per leg per fill, against the trade')}
      <Field label="Funding" title="Stored funding rates (tickscope fetch funding), or none">
        <select
          data-testid="bt-funding"
          value={form.funding}
          onChange={(e) => setForm({ funding: e.target.value as Form['funding'] })}
        >
          <option value="auto">stored rates</option>
          <option value="none">none</option>
        </select>
      </Field>
      <Field
        label={<span>Split</span>}
        error={errors.split}
        title="Judge the grid on this first share of the range; run its best row unchanged on the rest"
      >
        <span className="row">
          <input
            type="checkbox"
            data-testid="bt-split-on"
            checked={form.splitOn}
            onChange={(e) => setForm({ splitOn: e.target.checked })}
          />
          <input
            className="num"
            data-testid="bt-split"
            value={form.split}
            disabled={!form.splitOn}
            onChange={(e) => setForm({ split: e.target.value })}
          />
          <span className="muted small">in-sample</span>
        </span>
      </Field>
      <div className="row bt-actions">
        <button type="submit" className="primary" data-testid="bt-run" disabled={!outcome.ok} title="Run (Enter)">
          {outcome.ok && outcome.combos > 1 ? `Run grid (${outcome.combos})` : 'Run'}
        </button>
        <button type="button" data-testid="bt-cancel" disabled={!running || job.id === null} onClick={bt.cancel}>
          Cancel
        </button>
      </div>
      <Progress bt={bt} />
    </form>
  );
}

function Field({
  label,
  error,
  title,
  children,
}: {
  label: ReactNode;
  error?: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <>
      <label title={title}>
        {label}
        {children}
      </label>
      {error && <p className="bt-error bt-field-error">{error}</p>}
    </>
  );
}

/** The running job's bar, or what the last one came to. */
function Progress({ bt }: { bt: BacktestState }) {
  const { job, message, result } = bt;
  if (job) {
    return (
      <div className="bt-progress" data-testid="bt-progress">
        <progress value={job.done} max={Math.max(1, job.total)} />
        <span className="muted small" data-testid="bt-progress-text">
          {job.id === null ? 'starting…' : `${job.done} / ${job.total} backtests`}
        </span>
      </div>
    );
  }
  if (message)
    return (
      <p className="bt-error" data-testid="bt-message">
        {message}
      </p>
    );
  if (result) {
    const n = result.value.rows.length;
    return (
      <p className="muted small" data-testid="bt-done">
        Done: {n > 1 ? `${n} combinations and the best in full` : 'one backtest'} in {(result.ms / 1000).toFixed(1)} s.
      </p>
    );
  }
  return (
    <p className="muted small">
      Comma lists for W and entry make a grid: the heatmap shows each combination's Sharpe after costs.
    </p>
  );
}
