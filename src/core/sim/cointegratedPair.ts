import type { Tick } from '../../shared/market';
import { gaussian, mulberry32 } from './prng';

export interface PairSimOptions {
  seed: number;
  /** Dependent leg (Y) and independent leg (X). */
  ySymbol?: string;
  xSymbol?: string;
  startMs: number;
  /** Simulation step; each leg trades at most once per step. */
  stepMs?: number;
  x0?: number;
  /** y = alpha + beta·x + s, with s an AR(1) spread (mean-reverting: the pair is cointegrated). */
  alpha?: number;
  beta?: number;
  /** AR(1) coefficient of the spread per step (half-life = -ln2/ln(phi) steps). */
  phi?: number;
  spreadSigma?: number;
  /** Per-step volatility of X's log price. */
  xLogSigma?: number;
  /** Chance per step that each leg prints a trade. */
  yTradeProb?: number;
  xTradeProb?: number;
  yTick?: number;
  xTick?: number;
}

/**
 * A seeded simulation of a realistic cointegrated pair (BTC-like on ETH-like): X follows a
 * geometric random walk, Y tracks alpha + beta·X plus a mean-reverting spread, and each leg
 * prints trades at random with exchange-like tick sizes and sizes. The demo feed and the
 * self-contained tests both run on it, so `npm start` and `npm test` need no network.
 *
 * The defaults are the tests' stand-in for Binance data (hence real names, BTCUSDT on
 * ETHUSDT, served by the fake Binance server): a spread half-life of ln2/(1 - 0.9995) ≈ 1386
 * steps ≈ 69 s. The demo the app shows is tuned apart, under its own names, with a half-life
 * of 8 s so a 300-point window of 1 s bars looks stationary: see ./demoPair.ts.
 */
export class CointegratedPairSim {
  private readonly u: () => number;
  private readonly n: () => number;
  private t: number;
  private x: number;
  private s = 0;
  private yId = 1_000_000;
  private xId = 2_000_000;
  private readonly o: Required<PairSimOptions>;

  constructor(options: PairSimOptions) {
    this.o = {
      ySymbol: 'BTCUSDT',
      xSymbol: 'ETHUSDT',
      stepMs: 50,
      x0: 3000,
      alpha: 2000,
      beta: 19.5,
      phi: 0.9995,
      spreadSigma: 1.5,
      xLogSigma: 0.00004,
      yTradeProb: 0.35,
      xTradeProb: 0.3,
      yTick: 0.1,
      xTick: 0.01,
      ...options,
    };
    this.u = mulberry32(this.o.seed);
    this.n = gaussian(this.u);
    this.t = this.o.startMs;
    this.x = this.o.x0;
  }

  get symbols(): [string, string] {
    return [this.o.ySymbol, this.o.xSymbol];
  }

  get nowMs(): number {
    return this.t;
  }

  /** Advances the clock to `untilMs` and returns the trades printed on the way, in time order. */
  advance(untilMs: number): Tick[] {
    const out: Tick[] = [];
    const o = this.o;
    while (this.t + o.stepMs <= untilMs) {
      this.t += o.stepMs;
      this.x *= Math.exp(o.xLogSigma * this.n());
      this.s = o.phi * this.s + o.spreadSigma * this.n();
      const y = o.alpha + o.beta * this.x + this.s;
      const within = () => Math.floor(this.u() * o.stepMs);
      if (this.u() < o.yTradeProb) out.push(this.trade(o.ySymbol, ++this.yId, this.t - within(), y, o.yTick, 0.002));
      if (this.u() < o.xTradeProb)
        out.push(this.trade(o.xSymbol, ++this.xId, this.t - within(), this.x, o.xTick, 0.05));
    }
    return out.sort((a, b) => a.ts - b.ts || a.tradeId - b.tradeId);
  }

  private trade(symbol: string, tradeId: number, ts: number, fair: number, tick: number, meanSize: number): Tick {
    const isBuyerMaker = this.u() < 0.5;
    // The aggressor pays the half-spread: buys print at the ask, sells at the bid.
    const raw = fair + (isBuyerMaker ? -tick : tick) * 0.5;
    const price = Math.max(tick, Math.round(raw / tick) * tick);
    const size = Math.max(0.001, Math.round(-Math.log(1 - this.u()) * meanSize * 1000) / 1000);
    return { symbol, tradeId, ts, price: Number(price.toFixed(8)), size, isBuyerMaker };
  }
}
