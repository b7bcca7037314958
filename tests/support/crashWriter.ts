// Child process for the crash-safety test: ingests synthetic ticks forever until killed.
import { createIngestor } from '../../src/engine/ingest/ingestor';
import { openStore } from '../../src/engine/store';
import { syntheticTicks } from './syntheticTrades';

const path = process.argv[2]!;
const store = openStore(path);
const ingestor = createIngestor({ store, maxBatch: 500 });
const ticks = syntheticTicks({ count: 200_000, seed: 99, meanGapMs: 20 });
let i = 0;
const tick = (): void => {
  ingestor.push(ticks.slice(i, i + 500));
  i += 500;
  if (i === 2000) process.stdout.write('ready\n');
  if (i < ticks.length) setImmediate(tick);
};
tick();
