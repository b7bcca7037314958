import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/serveProcess';

/** Runs the real entry point the way `npx tickscope` does. */
function tickscope(...args: string[]) {
  const r = spawnSync(process.execPath, [resolve(REPO_ROOT, 'bin/tickscope.mjs'), ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tickscope entry point', () => {
  it('documents every command', () => {
    const r = tickscope('help');
    expect(r.status).toBe(0);
    for (const command of ['serve', 'help']) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const serve = tickscope('help', 'serve');
    expect(serve.status).toBe(0);
    for (const flag of ['--host', '--port', '--symbols', '--source', '--db']) expect(serve.stdout).toContain(flag);
  });

  it('help texts cite no file that a checkout does not hold', async () => {
    const { COMMANDS } = await import('../../../src/cli/commands/index');
    for (const name of Object.keys(COMMANDS)) {
      const { help } = await COMMANDS[name]!.load();
      // Paths with a folder and an extension (specs/analytics.md, docs/x.png), not URLs.
      const cited = help.match(/(?<![:/\w])(?:\.{0,2}\/)?[\w.-]+\/[\w./-]+\.[a-z]{2,4}\b/g) ?? [];
      for (const path of cited) expect(existsSync(resolve(REPO_ROOT, path)), `help ${name} cites ${path}`).toBe(true);
      expect(help, `help ${name}`).not.toMatch(/\bspecs\//);
    }
  });

  it('answers bad usage with exit 2 and one line naming the problem', () => {
    for (const args of [['frobnicate'], ['serve', '--port', 'abc'], ['serve', '--bogus'], ['help', 'nope']]) {
      const r = tickscope(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(tickscope('serve', '--port', 'abc').stderr).toContain('--port');
  });
});
