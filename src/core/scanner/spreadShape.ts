import type { Series } from '../analytics/numeric';
import { mean } from '../analytics/numeric';

/**
 * Number of sign changes of s − mean(s), zeros skipped: how often the spread crossed its
 * mean over the range (a pair that never crosses cannot be traded back to the mean).
 */
export function meanCrossings(s: Series): number {
  const m = mean(s);
  let last = 0;
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s[i]! - m;
    const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
    if (sign === 0) continue;
    if (last !== 0 && sign !== last) count++;
    last = sign;
  }
  return count;
}
