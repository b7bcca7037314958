import { DEMO_X_SYMBOL, DEMO_Y_SYMBOL } from '../shared/demoSymbols';
import type { Engine } from './engine';

/**
 * The app's start when Binance cannot be reached: rather than an empty window, the demo,
 * which the engine runs on a throwaway database of its own (the user's stays untouched),
 * with a notice saying so until the user chooses a source. True if it fell back.
 */
export async function fallBackToDemoWhenOffline(engine: Engine): Promise<boolean> {
  const failed = engine.status().sourceError;
  if (engine.sourceKind !== 'live' || !failed) return false;
  await engine.setSource({ kind: 'demo' });
  engine.notice =
    `Binance could not be reached (${failed}). Showing the simulated demo pair ${DEMO_Y_SYMBOL}/${DEMO_X_SYMBOL} ` +
    'on a temporary database of its own (your database is untouched); choose Live to retry, or replay/import stored data.';
  return true;
}
