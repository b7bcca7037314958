import type { ReactNode } from 'react';
import { TIMEFRAMES, type Timeframe } from '../../../shared/market';
import type { ScannerState } from '../../hooks/useScanner';
import { scanFormRequest, type ScanField, type ScanForm } from '../../lib/scanner/scanForm';
import { scanProgressText } from '../../lib/scanner/scanProgress';

interface Props {
  sc: ScannerState;
  /** The watchlist universe can be offered (a watchlist exists in this build). */
  hasWatchlist: boolean;
  /** Back to the charts (the c key does the same). */
  onClose: () => void;
}

/**
 * The scan's inputs (../shared/specs/scanner.md, "Input"), checked as they are typed, and
 * the running scan's progress bar with its cancel button.
 */
export function ScanFormBar({ sc, hasWatchlist, onClose }: Props) {
  const { form, setForm, job } = sc;
  const outcome = scanFormRequest(form);
  const errors: Partial<Record<ScanField, string>> = outcome.ok ? {} : outcome.errors;
  const running = job !== null;
  const input = (field: ScanField, title: string, className = 'num', type = 'text') => (
    <input
      className={className}
      type={type}
      data-testid={`scan-${field}`}
      title={errors[field] ?? title}
      value={form[field]}
      aria-invalid={errors[field] ? true : undefined}
      onChange={(e) => setForm({ [field]: e.target.value } as Partial<ScanForm>)}
    />
  );
  const problems = Object.entries(errors) as [ScanField, string][];
  return (
    <form
      className="sc-form"
      data-testid="scan-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (outcome.ok && !running) void sc.run(outcome.request);
      }}
    >
      <div className="sc-fields">
        <Field
          label="Universe"
          title="Which symbols: every symbol with stored bars, a list, or the symbols of the watchlist's pairs"
        >
          <select
            data-testid="scan-universe"
            value={form.universe}
            onChange={(e) => setForm({ universe: e.target.value as ScanForm['universe'] })}
          >
            <option value="all">all stored symbols</option>
            <option value="list">these symbols</option>
            {hasWatchlist && <option value="watchlist">the watchlist’s symbols</option>}
          </select>
          {form.universe === 'list' &&
            input('symbols', 'Comma-separated symbols, e.g. BTCUSDT, ETHUSDT, SOLUSDT', 'sc-symbols')}
        </Field>
        <Field label="tf" title="Timeframe of the stored bars scanned">
          <select data-testid="scan-tf" value={form.tf} onChange={(e) => setForm({ tf: e.target.value as Timeframe })}>
            {TIMEFRAMES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field
          label="Range"
          title="The last N intervals ending at the latest stored bar of the universe, or a range [from, to) in UTC"
        >
          <select
            data-testid="scan-range"
            value={form.range}
            onChange={(e) => setForm({ range: e.target.value as ScanForm['range'] })}
          >
            <option value="bars">last N bars</option>
            <option value="range">from – to (UTC)</option>
          </select>
          {form.range === 'bars' ? (
            input('bars', 'Bars (intervals of tf) ending at the latest stored bar')
          ) : (
            <>
              {input('from', 'Start (UTC), inclusive', 'sc-time', 'datetime-local')}
              {input('to', 'End (UTC), exclusive', 'sc-time', 'datetime-local')}
            </>
          )}
        </Field>
        <Field
          label="Min coverage"
          title="Each leg must have its own bar in at least this share of the aligned intervals"
        >
          {input('minCoverage', 'A share in (0, 1]')}
        </Field>
        <Field label="Min points" title="Fewest aligned points a pair needs to be tested (at least 20)">
          {input('minPoints', 'At least 20')}
        </Field>
        <Field
          label="FDR q"
          title="False-discovery rate: a pair is significant when its Benjamini–Hochberg q is at most this"
        >
          {input('fdr', 'A share in (0, 1]')}
        </Field>
        <div className="sc-buttons">
          <button
            type="submit"
            className="primary"
            data-testid="scan-run"
            disabled={!outcome.ok || running}
            title="Scan (Enter)"
          >
            Scan
          </button>
          <button type="button" data-testid="scan-close" onClick={onClose} title="Back to the charts (c)">
            Charts
          </button>
        </div>
      </div>
      {problems.length > 0 && (
        <p className="sc-error" data-testid="scan-form-error">
          {problems.map(([f, m]) => `${f}: ${m}`).join(' · ')}
        </p>
      )}
      {job ? (
        <div className="sc-progress" data-testid="scan-progress">
          <progress value={job.done} max={Math.max(1, job.total)} />
          <span className="muted small" data-testid="scan-progress-text">
            {scanProgressText(job)}
          </span>
          <button type="button" data-testid="scan-cancel" disabled={job.id === null} onClick={sc.cancel}>
            Cancel
          </button>
        </div>
      ) : (
        sc.message && (
          <p className="sc-error" data-testid="scan-message">
            {sc.message}
          </p>
        )
      )}
    </form>
  );
}

function Field({ label, title, children }: { label: string; title: string; children: ReactNode }) {
  return (
    <label className="sc-field" title={title}>
      <span className="muted small">{label}</span>
      <span className="row">{children}</span>
    </label>
  );
}
