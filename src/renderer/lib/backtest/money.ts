/** USDT as the backtest cards show it: cents, thousands grouped, a true minus sign. */
export function usdt(v: number): string {
  return `${v < 0 ? '−' : ''}${Math.abs(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
