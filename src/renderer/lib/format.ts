/** Number and time formatting shared by the panels, cards and status bar. */

/**
 * Decimals to show for a symbol's prices. There is no exchange-info channel, so the tick
 * size is inferred from the prices themselves: exchange prices are multiples of the tick,
 * so the most decimals seen (after trimming float noise) is the tick's precision.
 */
export function priceDigits(prices: readonly number[]): number {
  let digits = 0;
  let seen = 0;
  for (let i = prices.length - 1; i >= 0 && seen < 200; i--, seen++) {
    const text = prices[i].toFixed(8).replace(/0+$/, '');
    const dot = text.indexOf('.');
    if (dot >= 0) digits = Math.max(digits, text.length - dot - 1);
  }
  if (seen === 0) return 2;
  return Math.min(digits, 8);
}

export function formatPrice(v: number | null | undefined, digits: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Statistics: enough significant digits to compare with the CLI without noise. */
export function formatStat(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(digits - 1);
  return v.toFixed(digits);
}

export function formatPercent(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${v >= 0 ? '+' : ''}${v.toFixed(digits)}%`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** "3 s ago", "4 min ago": how fresh a figure is, for traders glancing at the cards. */
export function formatAge(thenMs: number | null | undefined, nowMs: number): string {
  if (thenMs === null || thenMs === undefined) return 'never';
  const s = Math.max(0, (nowMs - thenMs) / 1000);
  if (s < 1) return 'just now';
  if (s < 60) return `${Math.floor(s)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** UTC wall time of a bar, as the exchange stamps it. */
export function formatClock(ms: number, withDate = false): string {
  const iso = new Date(ms).toISOString();
  return withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
}

/** Full UTC date and time, for readouts that must never be ambiguous (crosshair, ranges). */
export function formatDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The base asset of a USD-M symbol (BTCUSDT → BTC, a quarterly BTCUSDT_250328 too): the
 * unit its volume is counted in. */
export function baseAsset(symbol: string): string {
  const m = /^(.+?)(USDT|USDC|FDUSD|BUSD|USD)(_\d+)?$/.exec(symbol);
  return m ? m[1] : symbol;
}
