import { backtestRunRequestSchema, type BacktestRunDraft } from '../../../shared/contract';
import { timeframeMs, type Timeframe } from '../../../shared/market';

/** The backtest parameters as typed (text fields keep what the trader wrote). */
export interface BacktestForm {
  /** Comma lists: more than one value makes a grid. */
  windows: string;
  entry: string;
  exit: string;
  /** Empty: no stop. */
  stop: string;
  /** Empty: no limit. */
  maxHold: string;
  mode: 'raw' | 'log';
  notional: string;
  feeBps: string;
  slippageBps: string;
  funding: 'auto' | 'none';
  splitOn: boolean;
  split: string;
  /** all: every stored bar of the pair; visible: the time window the charts show. */
  range: 'all' | 'visible';
}

export type FormField = keyof BacktestForm | 'pair';

/** The CLI's defaults, on the window the charts use. */
export function defaultForm(window: number): BacktestForm {
  return {
    windows: String(window),
    entry: '2',
    exit: '0',
    stop: '',
    maxHold: '',
    mode: 'raw',
    notional: '10000',
    feeBps: '5',
    slippageBps: '1',
    funding: 'auto',
    splitOn: false,
    split: '0.7',
    range: 'all',
  };
}

export interface FormContext {
  y: string | null;
  x: string | null;
  tf: Timeframe;
  /** The charts' visible [from, to] (ms), when they show anything. */
  visible: [number, number] | null;
}

export type FormOutcome =
  { ok: true; request: BacktestRunDraft; combos: number } | { ok: false; errors: Partial<Record<FormField, string>> };

/** The request field each contract path belongs to, for the message under that input. */
const FIELD_OF: Record<string, FormField> = {
  y: 'pair',
  x: 'pair',
  tf: 'pair',
  window: 'windows',
  entry: 'entry',
  exit: 'exit',
  stop: 'stop',
  maxHold: 'maxHold',
  notional: 'notional',
  feeBps: 'feeBps',
  slippageBps: 'slippageBps',
  split: 'split',
  from: 'range',
  to: 'range',
  mode: 'mode',
  funding: 'funding',
};

/**
 * The form as a `backtest.run` request, or a message per field. Numbers are read here; every
 * rule (ranges, entry above exit, stop above entry, the grid's size) is the contract's own,
 * so the form says exactly what the engine would refuse.
 */
export function formRequest(form: BacktestForm, ctx: FormContext): FormOutcome {
  const errors: Partial<Record<FormField, string>> = {};
  const list = (field: FormField, text: string, what: string): number[] => {
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    if (parts.length === 0) errors[field] = `give at least one ${what}`;
    const values = parts.map(Number);
    const bad = parts.find((_, i) => !Number.isFinite(values[i]));
    if (bad !== undefined) errors[field] = `"${bad}" is not a number`;
    return values;
  };
  const optional = (field: FormField, text: string): number | null => {
    if (text.trim() === '') return null;
    const v = Number(text);
    if (!Number.isFinite(v)) errors[field] = `"${text.trim()}" is not a number`;
    return v;
  };
  const single = (field: FormField, text: string): number => {
    const v = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(v)) errors[field] = text.trim() === '' ? 'required' : `"${text.trim()}" is not a number`;
    return v;
  };
  if (!ctx.y || !ctx.x) errors.pair = 'pick Y and X in the toolbar (a backtest needs a pair)';
  const window = list('windows', form.windows, 'window');
  const entry = list('entry', form.entry, 'entry z');
  const exit = list('exit', form.exit, 'exit z');
  const stopText = form.stop.trim();
  const stop = stopText === '' ? [null] : list('stop', stopText, 'stop z');
  const maxHold = optional('maxHold', form.maxHold);
  const notional = single('notional', form.notional);
  const feeBps = single('feeBps', form.feeBps);
  const slippageBps = single('slippageBps', form.slippageBps);
  const split = form.splitOn ? single('split', form.split) : undefined;
  let range: { from?: number; to?: number } = {};
  if (form.range === 'visible') {
    if (!ctx.visible) errors.range = 'the charts show nothing yet: backtest all stored bars';
    else {
      // The bars the window shows, even in part.
      const tf = timeframeMs(ctx.tf);
      range = { from: Math.max(0, Math.floor(ctx.visible[0] / tf) * tf), to: Math.ceil(ctx.visible[1] / tf) * tf };
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const request: BacktestRunDraft = {
    y: ctx.y!,
    x: ctx.x!,
    tf: ctx.tf,
    ...range,
    mode: form.mode,
    window,
    entry,
    exit,
    stop,
    maxHold,
    notional,
    feeBps,
    slippageBps,
    funding: form.funding,
    ...(split !== undefined ? { split } : {}),
  };
  const parsed = backtestRunRequestSchema.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF[String(issue.path[0])] ?? 'pair';
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const p = parsed.data;
  return { ok: true, request, combos: p.window.length * p.entry.length * p.exit.length * p.stop.length };
}
