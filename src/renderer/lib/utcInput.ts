/**
 * <input type="datetime-local"> values read as UTC, since every clock on screen is UTC (the
 * exchange's time); the browser's zone would shift a range by hours without saying so.
 */
export function toUtcInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** The epoch ms of a datetime-local value taken as UTC; null when empty or unreadable. */
export function fromUtcInput(text: string): number | null {
  if (!text) return null;
  const withSeconds = /T\d\d:\d\d$/.test(text) ? `${text}:00` : text;
  const ms = Date.parse(`${withSeconds}Z`);
  return Number.isFinite(ms) ? ms : null;
}
