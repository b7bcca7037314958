import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function lintRules(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint enforces the layer boundaries', () => {
  const cases: [string, string][] = [
    ['src/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['src/core/x.ts', "import { Engine } from '../engine/engine';\nexport const x = Engine;\n"],
    ['src/shared/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n"],
    ['src/engine/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/renderer/x.ts', "import { join } from 'path';\nexport const x = join;\n"],
    ['src/renderer/x.ts', "import { Engine } from '../engine/engine';\nexport const x = Engine;\n"],
    ['src/main/other.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"],
    ['src/cli/x.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;\n"],
  ];
  it.each(cases)('%s: a wrong import is an error', async (file, code) => {
    expect(await lintRules(file, code)).toContain('no-restricted-imports');
  });

  it('allows the right imports and the typed IPC wrapper', async () => {
    expect(
      await lintRules(
        'src/core/x.ts',
        "import { timeframeMs } from '../shared/market';\nexport const x = timeframeMs;\n",
      ),
    ).toEqual([]);
    expect(
      await lintRules('src/main/ipc/typedIpc.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"),
    ).toEqual([]);
  });

  it('bans default exports', async () => {
    expect(await lintRules('src/core/x.ts', 'export default 1;\n')).toContain('no-restricted-exports');
  });
});

describe('per-layer tsconfigs hide the wrong globals', () => {
  const tmp = join(root, 'tests/.tmp/boundaries');
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function typecheck(layer: string, code: string): { ok: boolean; output: string } {
    const dir = join(tmp, `${layer.replace(/\W/g, '_')}_${Math.random().toString(36).slice(2)}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'probe.ts'), code);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(root, layer, 'tsconfig.json'), include: ['probe.ts'] }),
    );
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', dir], {
      encoding: 'utf8',
    });
    return { ok: r.status === 0, output: r.stdout + r.stderr };
  }

  it('core sees neither DOM nor node', () => {
    expect(typecheck('src/core', 'export const w = document.title;\n').output).toMatch(/Cannot find name 'document'/);
    expect(typecheck('src/core', 'export const p = process.pid;\n').output).toMatch(/Cannot find name 'process'/);
  });

  it('renderer sees DOM but not node', () => {
    expect(typecheck('src/renderer', 'export const p = process.pid;\n').output).toMatch(/Cannot find name 'process'/);
    expect(typecheck('src/renderer', 'export const t = document.title;\n').ok).toBe(true);
  });

  it('engine sees node', () => {
    expect(typecheck('src/engine', 'export const p = process.pid;\n').ok).toBe(true);
  });
});
