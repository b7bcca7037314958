/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so a fleet
 * of clients that lost the same server does not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
