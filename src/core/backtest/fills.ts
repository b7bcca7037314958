import { tradeFunding, type FundingBooking } from './funding';
import type { TradeIntent } from './signals';
import type { BacktestBars, BacktestParams, PairFunding, Trade } from './types';

export type Costs = Pick<BacktestParams, 'notional' | 'feeBps' | 'slippageBps' | 'mode'>;

/** A trade with what the equity curve needs besides the report fields. */
export interface PricedTrade extends Trade {
  readonly entryIndex: number;
  readonly exitIndex: number;
  /** Fees of the two entry fills, booked while the position is open. */
  readonly entryFees: number;
  /** Funding per point it is booked at (ascending). */
  readonly bookings: readonly FundingBooking[];
}

/**
 * The money of one round trip (../shared/specs/backtest.md, "Money"). Quantities come from
 * the legs' opens at the entry fill point; fills slip against the trade (buys higher,
 * sells lower); an `end` exit takes the last closes with no slippage; every fill pays
 * feeBps on its notional; funding is the legs' payments while the position was open.
 */
export function priceTrade(
  intent: TradeIntent,
  bars: BacktestBars,
  costs: Costs,
  funding: PairFunding | null,
): PricedTrade {
  const L = bars.ts.length;
  const e = intent.entryIndex;
  const x = intent.exitIndex;
  const slip = costs.slippageBps / 10_000;
  const fee = costs.feeBps / 10_000;
  const long = intent.side === 'long';
  const up = 1 + slip;
  const down = 1 - slip;
  const oY = bars.yOpen[e]!;
  const oX = bars.xOpen[e]!;
  const qY = costs.notional / oY;
  // Raw mode hedges units (beta·qY of X); log mode hedges dollars (beta·notional of X).
  const qX = costs.mode === 'raw' ? intent.betaE * qY : (intent.betaE * costs.notional) / oX;
  const entryY = oY * (long ? up : down);
  const entryX = oX * (long ? down : up);
  let exitY: number;
  let exitX: number;
  let exitTs: number;
  if (x < L) {
    exitY = bars.yOpen[x]! * (long ? down : up);
    exitX = bars.xOpen[x]! * (long ? up : down);
    exitTs = bars.ts[x]!;
  } else {
    exitY = bars.yClose[L - 1]!;
    exitX = bars.xClose[L - 1]!;
    exitTs = bars.ts[L - 1]! + bars.tfMs;
  }
  const entryFees = qY * entryY * fee + qX * entryX * fee;
  const fees = entryFees + qY * exitY * fee + qX * exitX * fee;
  const sign = long ? 1 : -1;
  const gross = sign * (qY * (exitY - entryY) - qX * (exitX - entryX));
  const paid = funding
    ? tradeFunding(
        { bars, side: intent.side, qY, qX, entryIndex: e, entryTs: bars.ts[e]!, exitTs, entryY, entryX },
        funding,
      )
    : { total: 0, bookings: [] };
  return {
    entryTs: bars.ts[e]!,
    exitTs,
    side: intent.side,
    reason: intent.reason,
    betaE: intent.betaE,
    qY,
    qX,
    entryY,
    entryX,
    exitY,
    exitX,
    gross,
    fees,
    funding: paid.total,
    net: gross - fees - paid.total,
    barsHeld: x - e,
    entryIndex: e,
    exitIndex: x,
    entryFees,
    bookings: paid.bookings,
  };
}

/** The report's fields only (what JSON and CSV show). */
export function reportTrade(t: PricedTrade): Trade {
  return {
    entryTs: t.entryTs,
    exitTs: t.exitTs,
    side: t.side,
    reason: t.reason,
    betaE: t.betaE,
    qY: t.qY,
    qX: t.qX,
    entryY: t.entryY,
    entryX: t.entryX,
    exitY: t.exitY,
    exitX: t.exitX,
    gross: t.gross,
    fees: t.fees,
    funding: t.funding,
    net: t.net,
    barsHeld: t.barsHeld,
  };
}
