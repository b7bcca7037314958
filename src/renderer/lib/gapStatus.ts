import type { EngineStatus } from '../../shared/contract';
import { formatClock } from './format';

/**
 * The status bar's note on gaps that could not be filled: each is a break no figure or
 * alert reaches across, so the user should know they exist. Null when there are none.
 */
export function unfilledGapsNote(gaps: EngineStatus['unfilledGaps']): { text: string; title: string } | null {
  if (!gaps || gaps.count === 0) return null;
  const text = `${gaps.count} unfilled gap${gaps.count === 1 ? '' : 's'}`;
  const g = gaps.latest;
  if (!g) return { text, title: 'tickscope gaps lists them' };
  const when = (ms: number | null): string => (ms === null ? '?' : `${formatClock(ms, true)} UTC`);
  const ids =
    g.firstMissingId === g.lastMissingId ? `id ${g.firstMissingId}` : `ids ${g.firstMissingId}–${g.lastMissingId}`;
  return {
    text,
    title: `Latest: ${g.symbol} ${ids} missing, ${when(g.from)} → ${when(g.to)}. Charts, analytics and alerts restart after each gap; tickscope gaps lists them.`,
  };
}
