// Type-checks each layer with its own tsconfig, so a layer that reaches for types it must
// not see (DOM in core, node in the renderer) fails here.
import { spawnSync } from 'node:child_process';

const layers = ['src/shared', 'src/core', 'src/engine', 'src/main', 'src/preload', 'src/renderer', 'src/cli', 'tests'];
let failed = 0;
for (const layer of layers) {
  const r = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '--noEmit', '-p', `${layer}/tsconfig.json`],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) {
    failed++;
    console.error(`typecheck: ${layer} has errors`);
  }
}
process.exit(failed ? 1 : 0);
