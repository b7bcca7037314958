// Generates every icon the app and its installers need from one drawing (mark.mjs):
//   build/icon.png (1024), build/icon.icns (mac), build/icon.ico (win),
//   build/icons/NxN.png (linux), resources/icon.png (512, the window icon at run time).
// Usage: node scripts/icons/generate.mjs [root]   (root defaults to the repository)
// Output is deterministic, so tests/unit/packaging checks the committed files match it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIcns, buildIco, ICNS_TYPES } from './containers.mjs';
import { renderMark } from './mark.mjs';
import { encodePng } from './png.mjs';

export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

export function generateIcons(root) {
  const sizes = new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)]);
  const png = new Map([...sizes].sort((a, b) => a - b).map((s) => [s, encodePng(s, s, renderMark(s))]));
  const files = {
    'build/icon.png': png.get(1024),
    'build/icon.icns': buildIcns(png),
    'build/icon.ico': buildIco(ICO_SIZES.map((size) => ({ size, png: png.get(size) }))),
    'resources/icon.png': png.get(512),
  };
  for (const s of LINUX_SIZES) files[`build/icons/${s}x${s}.png`] = png.get(s);
  for (const [rel, bytes] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  return Object.keys(files);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../..'));
  for (const f of generateIcons(root)) console.log(`icons: wrote ${join(root, f)}`);
}
