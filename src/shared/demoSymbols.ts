/**
 * The demo's simulated pair trades under names of its own, never under real Binance names:
 * a simulated "BTCUSDT" next to recorded BTCUSDT trades would mix invented prices into real
 * bars. The names pass the symbol rule (letters and digits) but Binance lists neither, and
 * the live paths refuse them (the contract, the CLI, the feed), so no request for them
 * ever leaves the machine.
 */
export const DEMO_Y_SYMBOL = 'DEMOBTC';
export const DEMO_X_SYMBOL = 'DEMOETH';
export const DEMO_SYMBOLS: readonly string[] = [DEMO_Y_SYMBOL, DEMO_X_SYMBOL];

/** True for the demo's own symbols (case-insensitive, as symbols are typed). */
export function isDemoSymbol(symbol: string): boolean {
  return DEMO_SYMBOLS.includes(symbol.trim().toUpperCase());
}

/** The one line every live path says when asked for a demo symbol. */
export function demoSymbolRefusal(symbol: string): string {
  return `${symbol.trim().toUpperCase()} is the demo's simulated symbol, not a Binance one: live sources never request it`;
}
