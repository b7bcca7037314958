import { parseRequestTarget } from '../../engine/serve/requestTarget';
import { resolveStaticFile } from '../../engine/serve/staticFiles';

/**
 * The packaged renderer is served from this origin (appProtocol.ts), not from file://:
 * the GrantFileProtocolExtraPrivileges fuse is off (electron-builder.yml), so file:// pages
 * have only a browser's rights, and a custom scheme lets main serve exactly the files of
 * out/renderer and nothing else on the disk.
 */
export const APP_SCHEME = 'tickscope';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** scheme://host[:port] of a URL, or null when it does not parse. Works for custom schemes too (URL.origin says "null" there). */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/** The file under `root` an app:// request names, or null (another host, a bad path, a path leaving root). */
export function appFileFor(url: string, root: string): string | null {
  if (originOf(url) !== APP_ORIGIN) return null;
  const u = new URL(url);
  const target = parseRequestTarget(u.pathname);
  return target ? resolveStaticFile(root, target.path) : null;
}
