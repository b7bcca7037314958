import type { WatchReason, WatchRow } from '../../../shared/contract/watchlist';
import { formatStat } from '../format';

/** The row's state as a person reads it, and the tooltip saying what it means. */
export function watchStateLabel(row: Pick<WatchRow, 'state' | 'points' | 'pair'>): { text: string; title: string } {
  const w = row.pair.window;
  switch (row.state) {
    case 'warming':
      return {
        text: `warming ${Math.min(row.points, w)}/${w}`,
        title: `${row.points} of the ${w} aligned points a full window needs`,
      };
    case 'live':
      return { text: 'live', title: 'figures on a full window, the last bar recent' };
    case 'stale':
      return { text: 'stale', title: 'no new bar on either leg for a while: the figures are old' };
    case 'broken':
      return {
        text: 'gap',
        title: `broken by a gap in the data: the window restarts after it (${row.points}/${w} points since)`,
      };
  }
}

const REASON_TEXT: Record<WatchReason, string> = { screen: 'on screen', alert: 'alert rule', watchlist: 'watchlist' };

/** Why the pair is followed, in a fixed order (screen, alert, watchlist) whatever the engine's. */
export function watchReasonsText(reasons: readonly WatchReason[]): string {
  return (['screen', 'alert', 'watchlist'] as const)
    .filter((r) => reasons.includes(r))
    .map((r) => REASON_TEXT[r])
    .join(' · ');
}

/**
 * How far z is from the mean, for colouring it: beyond ±k (where a z rule would fire) is hot,
 * beyond half of it warm, the rest calm; none when there is no z.
 */
export type ZTone = 'hot' | 'warm' | 'calm' | 'none';
export function zTone(z: number | null, k: number): ZTone {
  if (z === null || !Number.isFinite(z)) return 'none';
  const a = Math.abs(z);
  if (a >= k) return 'hot';
  if (a >= k / 2) return 'warm';
  return 'calm';
}

/** "BTC/ETH": the legs without their common quote asset, when both share it. */
export function pairShortName(y: string, x: string): string {
  const quote = /(USDT|USDC|FDUSD|BUSD|USD)$/;
  const qy = quote.exec(y)?.[1];
  const qx = quote.exec(x)?.[1];
  if (qy && qy === qx && y.length > qy.length && x.length > qx.length)
    return `${y.slice(0, -qy.length)}/${x.slice(0, -qx.length)}`;
  return `${y}/${x}`;
}

/** Half-life in bars: "no reversion" when the spread does not revert (null with an evaluation). */
export function formatHalfLife(h: number | null, evaluated: boolean): string {
  if (h === null) return evaluated ? '∞' : '—';
  return h >= 100 ? String(Math.round(h)) : formatStat(h, 1);
}

/** The digits every on-screen z is shown with (the cards, the z panel, the distribution, the rows). */
export const Z_DIGITS = 3;
export function formatZ(z: number | null | undefined): string {
  return formatStat(z, Z_DIGITS);
}
