import type { ScanPhase } from '../../../shared/contract';

export interface ScanJobView {
  /** null until the engine has answered with the scan's id. */
  readonly id: string | null;
  readonly phase: ScanPhase;
  readonly done: number;
  readonly total: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** What the progress bar says beside itself. */
export function scanProgressText(job: ScanJobView): string {
  if (job.id === null) return 'starting…';
  if (job.phase === 'loading' || job.total === 0) return 'reading bars…';
  if (job.phase === 'ranking') return `ranking ${fmt(job.total)} pairs…`;
  return `${fmt(job.done)} / ${fmt(job.total)} pairs (${Math.floor((100 * job.done) / job.total)}%)`;
}

/** A number for the table: 4 significant digits, exponent form when very small or large. */
export function scanNumber(v: number | null, digits = 3): string {
  if (v === null) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}
