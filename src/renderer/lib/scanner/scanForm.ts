import { SCAN_DEFAULTS, scanRunRequestSchema, type ScanRunDraft } from '../../../shared/contract';
import type { Timeframe } from '../../../shared/market';
import { fromUtcInput } from '../utcInput';

/** The scanner's inputs as typed (text fields keep what the trader wrote). */
export interface ScanForm {
  /** all: every stored symbol; list: the symbols typed; watchlist: the watchlist's symbols. */
  universe: 'all' | 'list' | 'watchlist';
  /** Comma or space separated (list only). */
  symbols: string;
  tf: Timeframe;
  /** bars: the last N intervals; range: from / to (UTC datetime-local values). */
  range: 'bars' | 'range';
  bars: string;
  from: string;
  to: string;
  minCoverage: string;
  minPoints: string;
  fdr: string;
}

export type ScanField = keyof ScanForm;

/** The CLI's defaults (../shared/specs/scanner.md), on the timeframe the charts show. */
export function defaultScanForm(tf: Timeframe): ScanForm {
  return {
    universe: 'all',
    symbols: '',
    tf,
    range: 'bars',
    bars: String(SCAN_DEFAULTS.bars),
    from: '',
    to: '',
    minCoverage: String(SCAN_DEFAULTS.minCoverage),
    minPoints: String(SCAN_DEFAULTS.minPoints),
    fdr: String(SCAN_DEFAULTS.fdr),
  };
}

export type ScanFormOutcome =
  { ok: true; request: ScanRunDraft } | { ok: false; errors: Partial<Record<ScanField, string>> };

/** The form field each contract path belongs to, for the message under that input. */
const FIELD_OF: Record<string, ScanField> = {
  universe: 'symbols',
  tf: 'tf',
  from: 'from',
  to: 'to',
  bars: 'bars',
  minCoverage: 'minCoverage',
  minPoints: 'minPoints',
  fdr: 'fdr',
};

/** Symbols as typed: upper-cased, split on commas and spaces, duplicates dropped. */
export function parseSymbolList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((s) => s.toUpperCase()),
    ),
  ];
}

/**
 * The form as a `scanner.run` request, or a message per field. Numbers and times are read
 * here; every rule is the contract's own, so the form says what the engine would refuse
 * (what only the stored data can say, an unknown symbol or an empty range, comes back from
 * the engine).
 */
export function scanFormRequest(form: ScanForm): ScanFormOutcome {
  const errors: Partial<Record<ScanField, string>> = {};
  const number = (field: ScanField): number => {
    const text = form[field].trim();
    const v = text === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(v)) errors[field] = text === '' ? 'required' : `"${text}" is not a number`;
    return v;
  };
  const time = (field: 'from' | 'to'): number => {
    const v = fromUtcInput(form[field]);
    if (v === null) errors[field] = form[field] ? 'not a date and time' : 'required';
    return v ?? Number.NaN;
  };
  const universe: ScanRunDraft['universe'] =
    form.universe === 'list' ? { kind: 'list', symbols: parseSymbolList(form.symbols) } : { kind: form.universe };
  const range = form.range === 'bars' ? { bars: number('bars') } : { from: time('from'), to: time('to') };
  const request: ScanRunDraft = {
    universe,
    tf: form.tf,
    ...range,
    minCoverage: number('minCoverage'),
    minPoints: number('minPoints'),
    fdr: number('fdr'),
  };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = scanRunRequestSchema.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF[String(issue.path[0])] ?? 'symbols';
      // A bad symbol of the list: name it, not its index.
      const at =
        issue.path[0] === 'universe' && typeof issue.path[2] === 'number' && universe.kind === 'list'
          ? universe.symbols[issue.path[2]]
          : undefined;
      errors[field] ??= at !== undefined ? `${at}: ${issue.message}` : issue.message;
    }
    return { ok: false, errors };
  }
  return { ok: true, request };
}
