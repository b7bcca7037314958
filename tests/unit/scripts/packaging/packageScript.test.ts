import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../support/serveProcess';

type Step = [string, string[]];
const { packageWithNodeBinaryKept, NODE_BINARY } = (await import(join(REPO_ROOT, 'scripts/package/package.mjs'))) as {
  packageWithNodeBinaryKept: (
    root: string,
    steps: Step[],
    run: (cmd: string, args: string[], cwd: string) => number,
  ) => number;
  NODE_BINARY: string;
};

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function fakeCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), 'tickscope-pkg-'));
  roots.push(root);
  mkdirSync(dirname(join(root, NODE_BINARY)), { recursive: true });
  writeFileSync(join(root, NODE_BINARY), 'node-abi-build');
  return root;
}

// A fake electron-builder that does what npmRebuild does: overwrite the binary in place.
const rebuildInPlace = (root: string, status: number) => (cmd: string) => {
  if (cmd === 'electron-builder') writeFileSync(join(root, NODE_BINARY), 'electron-abi-build');
  return cmd === 'electron-builder' ? status : 0;
};

describe('npm run package keeps the checkout usable from Node', () => {
  it('puts the Node build of better-sqlite3 back after electron-builder rebuilt it for Electron', () => {
    const root = fakeCheckout();
    const status = packageWithNodeBinaryKept(
      root,
      [
        ['electron-vite', ['build']],
        ['electron-builder', []],
      ],
      rebuildInPlace(root, 0),
    );
    expect(status).toBe(0);
    expect(readFileSync(join(root, NODE_BINARY), 'utf8')).toBe('node-abi-build');
  });

  it('restores it when packaging fails too, and reports the failure', () => {
    const root = fakeCheckout();
    const status = packageWithNodeBinaryKept(
      root,
      [
        ['electron-vite', ['build']],
        ['electron-builder', []],
      ],
      rebuildInPlace(root, 3),
    );
    expect(status).toBe(3);
    expect(readFileSync(join(root, NODE_BINARY), 'utf8')).toBe('node-abi-build');
  });

  it('stops at the first failing step', () => {
    const root = fakeCheckout();
    const ran: string[] = [];
    const status = packageWithNodeBinaryKept(
      root,
      [
        ['electron-vite', ['build']],
        ['electron-builder', []],
      ],
      (cmd) => (ran.push(cmd), 1),
    );
    expect(status).toBe(1);
    expect(ran).toEqual(['electron-vite']);
  });
});
