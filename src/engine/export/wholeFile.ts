import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';

/**
 * Runs `write` into a temporary file beside `path` and renames it into place at the end,
 * so `path` holds the whole output or is left as it was: a failure midway (disk full, a
 * size limit, a database error) removes the temporary file, and a killed process leaves
 * only a hidden `.NAME.*.partial`, never a half-written NAME. A path that is not a regular
 * file (a FIFO, /dev/stdout) cannot be swapped by rename and is written directly; a symlink
 * is resolved so the file it points to is replaced, not the link.
 */
export async function writeWholeFile<T>(path: string, write: (out: NodeJS.WritableStream) => Promise<T>): Promise<T> {
  let target = path;
  try {
    target = realpathSync(path);
    if (!statSync(target).isFile()) return await writeDirectly(target, write);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const partial = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`,
  );
  const out = createWriteStream(partial, { flags: 'wx' });
  try {
    await once(out, 'open');
    const result = await write(out);
    out.end();
    await finished(out);
    if (!out.closed) await once(out, 'close');
    renameSync(partial, target);
    return result;
  } catch (err) {
    abandon(out);
    rmSync(partial, { force: true });
    // Name the file the user asked for, not our temporary one.
    if (err instanceof Error) err.message = err.message.split(partial).join(target);
    throw err;
  }
}

async function writeDirectly<T>(path: string, write: (out: NodeJS.WritableStream) => Promise<T>): Promise<T> {
  const out = createWriteStream(path, { flags: 'a' });
  try {
    await once(out, 'open');
    const result = await write(out);
    out.end();
    await finished(out);
    return result;
  } catch (err) {
    abandon(out);
    throw err;
  }
}

/** Drops a stream after a failure; a write still in flight then fails with no one to tell. */
function abandon(out: NodeJS.WritableStream & { destroy(): void }): void {
  out.on('error', () => undefined);
  out.destroy();
}
