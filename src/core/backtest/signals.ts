import type { BacktestParams, ExitReason, Side, SignalSeries } from './types';

/** A round trip as the signals decide it, before any price: fill points and why it ended. */
export interface TradeIntent {
  readonly side: Side;
  /** The point whose close signalled the entry. */
  readonly signalIndex: number;
  /** Entry fill point e (its open), = signalIndex + 1. */
  readonly entryIndex: number;
  /** Exit fill point; L (one past the last point) for a position still open at the end. */
  readonly exitIndex: number;
  readonly reason: ExitReason;
  /** Hedge ratio frozen at entry: beta of the signal point. */
  readonly betaE: number;
}

export interface Decisions {
  readonly intents: TradeIntent[];
  /** Entry signals not taken because beta_t ≤ 0 (same-sign legs are no pair trade). */
  readonly skippedNegativeBeta: number;
}

type SignalRules = Pick<BacktestParams, 'window' | 'entry' | 'exit' | 'stop' | 'maxHold'>;

/**
 * The spec's signal rules (../shared/specs/backtest.md, "Signals"), deciding on z_t at the
 * close of t and filling at the open of t + 1, so nothing after t can change what is
 * decided at t. Prices play no part: the same decisions hold with or without costs.
 *
 * At each point, in order: an open position closes on exit, else stop, else maxHold; a
 * position closed on this signal is not reopened on it; a flat book opens on entry unless
 * a stop-out still blocks (until some |z| < entry). A point without z decides nothing on
 * z (maxHold still counts). A signal on the last point is not filled: an open position
 * then ends at the last close (reason end).
 */
export function decideTrades(signals: SignalSeries, rules: SignalRules): Decisions {
  const { z, beta } = signals;
  const last = z.length - 1;
  const intents: TradeIntent[] = [];
  let skippedNegativeBeta = 0;
  let open: { side: Side; signalIndex: number; entryIndex: number; betaE: number } | null = null;
  let blocked = false;
  // A point with fewer than W points behind it has no window, whatever the series holds.
  for (let t = Math.max(0, rules.window - 1); t <= last; t++) {
    const zt = z[t] ?? null;
    let closedNow = false;
    if (open !== null) {
      let reason: ExitReason | null = null;
      if (zt !== null) {
        if (open.side === 'long' ? zt >= -rules.exit : zt <= rules.exit) reason = 'exit';
        else if (rules.stop !== null && Math.abs(zt) >= rules.stop) reason = 'stop';
      }
      if (reason === null && rules.maxHold !== null && t - open.entryIndex + 1 >= rules.maxHold) reason = 'maxHold';
      if (reason !== null && t < last) {
        intents.push({ ...open, exitIndex: t + 1, reason });
        open = null;
        closedNow = true;
        if (reason === 'stop') blocked = true;
      }
    }
    if (open !== null || closedNow || zt === null) continue;
    if (blocked && Math.abs(zt) < rules.entry) blocked = false;
    if (blocked || t >= last) continue;
    const side: Side | null = zt <= -rules.entry ? 'long' : zt >= rules.entry ? 'short' : null;
    if (side === null) continue;
    const b = beta[t] ?? null;
    if (b === null || !(b > 0)) {
      skippedNegativeBeta++;
      continue;
    }
    open = { side, signalIndex: t, entryIndex: t + 1, betaE: b };
  }
  if (open !== null) intents.push({ ...open, exitIndex: last + 1, reason: 'end' });
  return { intents, skippedNegativeBeta };
}
