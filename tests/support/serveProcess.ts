import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface ServeInfo {
  url: string;
  wsUrl: string;
  token: string;
  port: number;
  /** What serve says it runs at start: the source kind and the database it writes. */
  source: string;
  db: string;
  child: ChildProcess;
  stderr: string[];
  stop(): Promise<number | null>;
}

/**
 * Starts the real `tickscope serve` CLI (bin/tickscope.mjs) as a child process with --json
 * and resolves once it printed where it listens. stop() sends SIGTERM and waits for exit.
 */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeInfo> {
  const child = spawn(
    process.execPath,
    [resolve(REPO_ROOT, 'bin/tickscope.mjs'), 'serve', '--port', '0', '--json', ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolveInfo, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        const info = JSON.parse(line) as Omit<ServeInfo, 'child' | 'stop' | 'stderr'>;
        resolveInfo({
          ...info,
          child,
          stderr,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      } catch {
        reject(new Error(`tickscope serve printed ${line}; stderr: ${stderr.join('\n')}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`tickscope serve exited ${code}: ${stderr.join('\n')}`)));
  });
}
