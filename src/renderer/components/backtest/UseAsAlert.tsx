import { useState } from 'react';
import type { BacktestResult, BacktestRun, TickscopeApi } from '../../../shared/contract';
import { backtestAlertDrafts } from '../../lib/backtest/alertDrafts';

/**
 * "Use as alert": the shown run's entry and exit as two alert rules on its pair and window
 * (the mapping is documented in lib/backtest/alertDrafts.ts), saved through alerts.saveRule.
 */
export function UseAsAlert({ api, result, run }: { api: TickscopeApi; result: BacktestResult; run: BacktestRun }) {
  const [state, setState] = useState<{ text: string; bad: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const p = run.params;
  const save = async () => {
    setBusy(true);
    setState(null);
    try {
      const drafts = backtestAlertDrafts({ y: result.y, x: result.x, tf: result.tf, window: p.window }, p);
      const saved = [];
      for (const rule of drafts) saved.push(await api.invoke('alerts.saveRule', { rule }));
      const verb = saved.every((s) => s.created) ? 'Created' : 'Updated';
      setState({
        text: `${verb} 2 alert rules: ${saved.map((s) => `“${s.rule.name}”`).join(' and ')}. See the Alerts tab (a).`,
        bad: false,
      });
    } catch (e) {
      setState({ text: `Could not save the rules: ${e instanceof Error ? e.message : String(e)}`, bad: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        data-testid="bt-use-alert"
        disabled={busy}
        onClick={() => void save()}
        title={`Alert when z crosses ±${p.entry} (entry) and when it comes back to ${p.exit === 0 ? '0' : `±${Math.abs(p.exit)}`} (exit), on ${result.y}/${result.x} ${result.tf} W${p.window}`}
      >
        Use as alert
      </button>
      {state && (
        <p className={`bt-alert-msg ${state.bad ? 'bt-error' : 'muted small'}`} data-testid="bt-alert-message">
          {state.text}
        </p>
      )}
    </>
  );
}
