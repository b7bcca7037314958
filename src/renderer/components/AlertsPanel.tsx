import { useState } from 'react';
import type {
  AlertRule,
  AlertRuleDraft,
  AlertRuleKind,
  FiredAlert,
  PairSpec,
  ThresholdOp,
  TickscopeApi,
} from '../../shared/contract';
import type { Timeframe } from '../../shared/market';
import type { AlertsState } from '../hooks/useAlerts';
import { formatClock, formatStat } from '../lib/format';

interface Props {
  api: TickscopeApi;
  alerts: AlertsState;
  spec: PairSpec | null;
  /** Pair mode (a new rule starts as a z-score rule) or single mode (a price rule). */
  pairMode: boolean;
  symbol: string | null;
  tf: Timeframe;
  k: number;
  /** Show a firing on the charts (its pair or symbol, zoomed around its time). */
  onShow: (a: FiredAlert) => void;
  /** Adds a pair to the watchlist (a refusal is toasted there); absent: no "watch this pair". */
  onWatch?: (pair: PairSpec) => Promise<boolean>;
}

interface Form {
  id?: string;
  name: string;
  kind: AlertRuleKind;
  op: ThresholdOp;
  /** k for zscore, seconds for stale/gap, the level otherwise. */
  level: string;
  lookback: string;
  cooldownS: string;
  enabled: boolean;
  /** A new pair rule: also put its pair on the watchlist (rows for every watched pair). */
  watch: boolean;
  /** The pair or symbol an edited rule already watches (kept as is). */
  pair?: PairSpec;
  symbol?: string;
  tf?: Timeframe;
}

const PAIR_KINDS: AlertRuleKind[] = ['zscore', 'spread', 'correlation', 'adf'];
const KIND_LABEL: Record<AlertRuleKind, string> = {
  zscore: 'pair z-score beyond ±k',
  spread: 'pair spread vs level',
  correlation: 'pair correlation vs level',
  adf: 'ADF p-value vs level',
  price: 'price vs level',
  change: '% change over N bars',
  stale: 'feed stale for N s',
  gap: 'unfilled gap for N s',
};
const LEVEL_LABEL: Partial<Record<AlertRuleKind, string>> = {
  zscore: 'k',
  stale: 'seconds',
  gap: 'seconds',
  change: 'percent',
};

/** A new rule starts as what the view shows: the pair's z-score, or (single mode) a price level. */
function emptyForm(k: number, pair: boolean): Form {
  return {
    name: '',
    kind: pair ? 'zscore' : 'price',
    op: 'crosses',
    level: pair ? String(k) : '',
    lookback: '60',
    cooldownS: '60',
    enabled: true,
    watch: false,
  };
}

function formFromRule(r: AlertRule): Form {
  const level = r.kind === 'zscore' ? r.k : r.kind === 'stale' || r.kind === 'gap' ? r.seconds : r.level;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    op: 'op' in r ? r.op : 'above',
    level: String(level),
    lookback: r.kind === 'change' ? String(r.lookback) : '60',
    cooldownS: String(r.cooldownMs / 1000),
    enabled: r.enabled,
    watch: false,
    pair: 'pair' in r ? r.pair : undefined,
    symbol: 'symbol' in r ? r.symbol : undefined,
    tf: 'tf' in r ? r.tf : undefined,
  };
}

/** Builds the draft the engine validates; the engine's refusal message is shown as is. */
function draftFrom(
  f: Form,
  ctx: { spec: PairSpec | null; symbol: string | null; tf: Timeframe },
): AlertRuleDraft | string {
  const level = Number(f.level);
  if (!Number.isFinite(level)) return `${LEVEL_LABEL[f.kind] ?? 'level'} must be a number`;
  const common = {
    ...(f.id ? { id: f.id } : {}),
    name: f.name.trim() || KIND_LABEL[f.kind],
    enabled: f.enabled,
    cooldownMs: Math.round(Number(f.cooldownS || 0) * 1000),
  };
  if (PAIR_KINDS.includes(f.kind)) {
    const pair = f.pair ?? ctx.spec;
    if (!pair) return 'pick a pair (Y and X) first';
    if (f.kind === 'zscore') return { ...common, kind: 'zscore', pair, op: f.op, k: level };
    return { ...common, kind: f.kind as 'spread' | 'correlation' | 'adf', pair, op: f.op, level };
  }
  const symbol = f.symbol ?? ctx.symbol;
  if (!symbol) return 'pick a symbol first';
  if (f.kind === 'stale') return { ...common, kind: 'stale', symbol, seconds: level };
  if (f.kind === 'gap') return { ...common, kind: 'gap', symbol, seconds: level };
  if (f.kind === 'change')
    return { ...common, kind: 'change', symbol, tf: f.tf ?? ctx.tf, op: f.op, level, lookback: Number(f.lookback) };
  return { ...common, kind: 'price', symbol, tf: f.tf ?? ctx.tf, op: f.op, level };
}

function target(r: AlertRule): string {
  if ('pair' in r) return `${r.pair.y}/${r.pair.x} ${r.pair.tf} W${r.pair.window}`;
  return 'tf' in r ? `${r.symbol} ${r.tf}` : r.symbol;
}

function condition(r: AlertRule): string {
  if (r.kind === 'zscore') return `${r.op} ±${r.k}`;
  if (r.kind === 'stale' || r.kind === 'gap') return `${r.seconds} s`;
  return `${r.op} ${r.level}${r.kind === 'change' ? `% over ${r.lookback} bars` : ''}`;
}

/** Alert rules (create, edit, enable, delete) and the log of firings. */
export function AlertsPanel({ api, alerts, spec, pairMode, symbol, tf, k, onShow, onWatch }: Props) {
  const [form, setForm] = useState<Form>(() => emptyForm(k, pairMode));
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  if (alerts.error) {
    return (
      <div className="card" data-testid="alerts-unavailable">
        <p className="error-text">Alerts unavailable: {alerts.error}</p>
        <button onClick={alerts.reload}>Retry</button>
      </div>
    );
  }

  /** Says how a request went; answers whether it was done. */
  const run = (p: Promise<unknown>, done: string): Promise<boolean> =>
    p.then(
      () => (setMessage({ text: done, bad: false }), true),
      (e: Error) => (setMessage({ text: e.message, bad: true }), false),
    );

  const save = () => {
    const draft = draftFrom(form, { spec, symbol, tf });
    if (typeof draft === 'string') return setMessage({ text: draft, bad: true });
    const watchPair = canWatch && form.watch && 'pair' in draft ? draft.pair : null;
    void run(
      api.invoke('alerts.saveRule', { rule: draft }).then(() => setForm(emptyForm(k, pairMode))),
      form.id ? 'Rule updated.' : 'Rule created.',
    ).then(async (saved) => {
      // After the rule: a refused watchlist add is toasted, the rule stands either way.
      if (saved && watchPair && onWatch && (await onWatch(watchPair)))
        setMessage({ text: 'Rule created; the pair is on the watchlist.', bad: false });
    });
  };

  const health = form.kind === 'stale' || form.kind === 'gap';
  const canWatch = Boolean(onWatch) && !form.id && PAIR_KINDS.includes(form.kind);
  return (
    <div className="alerts" data-testid="alerts-panel">
      <section className="card">
        <header>
          <span className="card-title">{form.id ? `Edit rule ${form.id}` : 'New alert rule'}</span>
        </header>
        <div className="form">
          <label>
            name
            <input
              data-testid="alert-name"
              value={form.name}
              placeholder={KIND_LABEL[form.kind]}
              onChange={(e) => set({ name: e.target.value })}
            />
          </label>
          <label>
            when
            <select
              data-testid="alert-kind"
              value={form.kind}
              onChange={(e) =>
                set({ kind: e.target.value as AlertRuleKind, pair: undefined, symbol: undefined, tf: undefined })
              }
              disabled={Boolean(form.id)}
            >
              {(Object.keys(KIND_LABEL) as AlertRuleKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABEL[kind]}
                </option>
              ))}
            </select>
          </label>
          {!health && (
            <label>
              op
              <select
                data-testid="alert-op"
                value={form.op}
                onChange={(e) => set({ op: e.target.value as ThresholdOp })}
              >
                <option value="crosses">crosses</option>
                <option value="above">above</option>
                <option value="below">below</option>
              </select>
            </label>
          )}
          <label>
            {LEVEL_LABEL[form.kind] ?? 'level'}
            <input
              data-testid="alert-level"
              className="num"
              value={form.level}
              onChange={(e) => set({ level: e.target.value })}
            />
          </label>
          {form.kind === 'change' && (
            <label>
              bars
              <input className="num" value={form.lookback} onChange={(e) => set({ lookback: e.target.value })} />
            </label>
          )}
          <label>
            cooldown s
            <input className="num" value={form.cooldownS} onChange={(e) => set({ cooldownS: e.target.value })} />
          </label>
          <p className="muted small">
            on{' '}
            {PAIR_KINDS.includes(form.kind)
              ? (form.pair ?? spec)
                ? `${(form.pair ?? spec)!.y}/${(form.pair ?? spec)!.x} ${(form.pair ?? spec)!.tf} W${(form.pair ?? spec)!.window}`
                : 'no pair selected'
              : `${form.symbol ?? symbol ?? '—'}${health ? '' : ` ${form.tf ?? tf}`}`}
          </p>
          {canWatch && (
            <label className="radio" title="Also follow this pair on the watchlist (its z, spread and ADF in a row)">
              <input
                type="checkbox"
                data-testid="alert-watch"
                checked={form.watch}
                onChange={(e) => set({ watch: e.target.checked })}
              />
              watch this pair
            </label>
          )}
          <div className="row">
            <button data-testid="alert-save" className="primary" onClick={save}>
              {form.id ? 'Save' : 'Create'}
            </button>
            {form.id && <button onClick={() => setForm(emptyForm(k, pairMode))}>Cancel</button>}
          </div>
          {message && (
            <p className={message.bad ? 'error-text' : 'muted'} data-testid="alert-message">
              {message.text}
            </p>
          )}
        </div>
      </section>
      <section className="card">
        <header>
          <span className="card-title">Rules ({alerts.rules.length})</span>
        </header>
        {alerts.rules.length === 0 && <p className="muted">{alerts.loaded ? 'No rules yet.' : 'Loading rules…'}</p>}
        <ul className="rules" data-testid="alert-rules">
          {alerts.rules.map((r) => (
            <li key={r.id} data-testid={`rule-${r.id}`} className={r.enabled ? '' : 'off'}>
              <input
                type="checkbox"
                title="enabled"
                checked={r.enabled}
                onChange={(e) =>
                  void run(
                    api.invoke('alerts.setEnabled', { id: r.id, enabled: e.target.checked }),
                    e.target.checked ? 'Rule enabled.' : 'Rule disabled.',
                  )
                }
              />
              <span className="rule-text">
                <b>{r.name}</b>
                <small className="muted">
                  {target(r)} · {r.kind} {condition(r)}
                </small>
              </span>
              <button className="icon" title="Edit" onClick={() => setForm(formFromRule(r))}>
                ✎
              </button>
              <button
                className="icon small"
                title="Delete"
                onClick={() => void run(api.invoke('alerts.deleteRule', { id: r.id }), 'Rule deleted.')}
              >
                delete
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <header>
          <span className="card-title">History ({alerts.history.length})</span>
        </header>
        {alerts.history.length === 0 && <p className="muted">Nothing has fired yet.</p>}
        <ol className="history" data-testid="alert-history">
          {alerts.history
            .slice(-100)
            .reverse()
            .map((a) => (
              <li
                key={`${a.id}-${a.ruleId}-${a.ts}-${a.firedAt}`}
                className="clickable"
                title="Show it on the charts"
                onClick={() => onShow(a)}
              >
                <span className="muted">{formatClock(a.ts, true)}</span> <b>{a.ruleName}</b> {formatStat(a.value, 3)}
                <small className="muted"> {a.message}</small>
              </li>
            ))}
        </ol>
      </section>
    </div>
  );
}
