import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cliRun';
import { startServe } from '../../support/serveProcess';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-serve-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tickscope serve flags', () => {
  it('refuses tokens under 128 bits with exit 2 and one line', async () => {
    for (const token of ['', 'a', 'hunter2hunter2']) {
      const r = await runCli(['serve', '--port', '0', '--source', 'demo', '--db', join(dir, 'a.db'), '--token', token]);
      expect(r.code, token).toBe(2);
      expect(r.stderr).toMatch(
        /^tickscope serve: --token: a token needs at least 128 bits .*; omit --token for a random one\n$/,
      );
      expect(r.stdout).toBe('');
    }
  });

  it('warns on stderr when --host is not loopback, and answers that host', async () => {
    const serve = await startServe(['--host', '0.0.0.0', '--source', 'demo', '--db', join(dir, 'b.db')]);
    try {
      await expect
        .poll(() => serve.stderr.join('\n'))
        .toMatch(/warning: --host 0\.0\.0\.0 is reachable from other machines/);
      const ok = await fetch(`http://127.0.0.1:${serve.port}/`);
      expect(ok.status).not.toBe(403);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('a loopback --host gives no warning', async () => {
    const serve = await startServe(['--host', '127.0.0.1', '--source', 'demo', '--db', join(dir, 'c.db')]);
    try {
      expect(serve.stderr.join('\n')).not.toMatch(/warning/);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});
