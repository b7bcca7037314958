import type { AlertRule } from '../../shared/contract/alerts';
import type { PairSpec } from '../../shared/contract/analytics';
import type { Detector } from './detectors';

/** Short, stable number text: enough digits for prices and p-values, no float noise. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

export function pairLabel(p: PairSpec): string {
  return `${p.y}/${p.x}`;
}

function verb(rule: AlertRule, d: Detector): string {
  const crossing = 'op' in rule && rule.op === 'crosses';
  if (d.dir === 'up') return crossing ? 'crossed above' : 'is above';
  return crossing ? 'crossed below' : 'is below';
}

/** The one line a notification and the log show for a firing. */
export function alertMessage(rule: AlertRule, value: number, threshold: number, d: Detector | null): string {
  const v = formatNumber(value);
  const t = formatNumber(threshold);
  switch (rule.kind) {
    case 'price':
      return `${rule.symbol} ${verb(rule, d!)} ${t}: close ${v} (${rule.tf})`;
    case 'change':
      return `${rule.symbol} change over ${rule.lookback}×${rule.tf} ${verb(rule, d!)} ${t}%: ${value >= 0 ? '+' : ''}${v}%`;
    case 'zscore':
      return `${pairLabel(rule.pair)} z-score ${verb(rule, d!)} ${threshold > 0 ? '+' : ''}${t}: z = ${v} (${rule.pair.tf}, W=${rule.pair.window})`;
    case 'spread':
      return `${pairLabel(rule.pair)} spread ${verb(rule, d!)} ${t}: ${v} (${rule.pair.tf}, W=${rule.pair.window})`;
    case 'correlation':
      return `${pairLabel(rule.pair)} correlation ${verb(rule, d!)} ${t}: ${v} (${rule.pair.tf}, W=${rule.pair.window})`;
    case 'adf':
      return `${pairLabel(rule.pair)} ADF p-value ${verb(rule, d!)} ${t}: p = ${v} (${rule.pair.tf}, W=${rule.pair.window})`;
    case 'stale':
      return `${rule.symbol} feed stale: no trade for ${formatNumber(Math.floor(value))} s (limit ${t} s)`;
    case 'gap':
      return `${rule.symbol} feed has an unfilled gap for ${formatNumber(Math.floor(value))} s (limit ${t} s)`;
  }
}
