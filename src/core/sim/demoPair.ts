import { DEMO_X_SYMBOL, DEMO_Y_SYMBOL } from '../../shared/demoSymbols';
import { CointegratedPairSim } from './cointegratedPair';

/** Simulation step of the demo (ms); each leg trades at most once per step. */
const STEP_MS = 50;

/** Half-life of the demo's simulated spread, in seconds (see the module comment). */
export const DEMO_SPREAD_HALF_LIFE_S = 8;

/**
 * The demo pair: DEMOBTC on DEMOETH (BTC-like on ETH-like prices, about 60,500 on 3,000),
 * tuned so the dashboard's defaults (1 s bars, W = 300) show what the demo is for, a
 * cointegrated pair with a stationary spread.
 *
 * The spread is an AR(1) with a half-life of 8 s (phi = 0.5^(50 ms / 8 s) per 50 ms step)
 * and a stationary standard deviation of about 16 USDT (1.5 per step). What the app then
 * measures on 1 s bars over W = 300 (seed 7, three hours, a window every minute;
 * tests/unit/analytics/demoPairStationarity.test.ts): ADF p < 0.05 in about 95% of windows
 * (median p 0.002), Engle–Granger p < 0.05 in about 80%, OLS r² about 0.95, and an
 * estimated half-life of about 4–5 bars: each leg's 1 s close is its last trade, and the two
 * legs' last trades lie up to a second apart, so the spread of closes carries sampling
 * noise that reverts at once and shortens the estimate.
 *
 * The first simulation (half-life 69 s) was too slow for a 300-point window: ADF rejected a
 * unit root in only a quarter of the windows, and the demo looked "not stationary".
 */
export function demoPairSim(opts: { seed?: number; startMs: number }): CointegratedPairSim {
  return new CointegratedPairSim({
    seed: opts.seed ?? 7,
    startMs: opts.startMs,
    ySymbol: DEMO_Y_SYMBOL,
    xSymbol: DEMO_X_SYMBOL,
    stepMs: STEP_MS,
    phi: Math.pow(0.5, STEP_MS / (DEMO_SPREAD_HALF_LIFE_S * 1000)),
    spreadSigma: 1.5,
  });
}
