import { Writable } from 'node:stream';
import { main } from '../../src/cli/main';

/** Runs the CLI in-process, capturing stdout and stderr. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await main(argv, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env,
    isTTY: false,
  });
  return { code, stdout, stderr };
}
