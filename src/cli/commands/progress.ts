import { SingleBar, Presets } from 'cli-progress';
import type { CliContext } from '../context';

/** A progress bar on stderr when it is a terminal; a no-op otherwise (pipes, CI, tests). */
export function progressBar(
  ctx: CliContext,
  label: string,
): { update(done: number, total: number): void; stop(): void } {
  if (!ctx.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: ctx.stderr as NodeJS.WriteStream,
      format: `${label} [{bar}] {percentage}% {value}/{total}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(Math.max(total, 1), 0);
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(Math.min(done, total));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
