import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { format } from 'node:util';
import type { Disposable } from '../api/eventHub';

// A plain-text log file with size-based rotation: tickscope.log, tickscope.log.1 … .N.
// Writes are synchronous appends: logs are low volume here, and a line written just before
// a crash is the one you want to read. Engine-side so the app, the CLI and serve share it.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  file: string;
  /** Rotate before a write would take the file past this size (default 5 MiB). */
  maxBytes?: number;
  /** Rotated files kept besides the live one (default 3). */
  keep?: number;
  now?: () => Date;
}

export interface RotatingLog {
  readonly file: string;
  write(level: LogLevel, message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  close(): void;
}

/** The rotated file names, newest first: file.1 … file.keep. */
export function rotatedNames(file: string, keep: number): string[] {
  return Array.from({ length: keep }, (_, i) => `${file}.${i + 1}`);
}

export function openRotatingLog(opts: RotatingLogOptions): RotatingLog {
  const { file } = opts;
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const keep = opts.keep ?? 3;
  const now = opts.now ?? (() => new Date());
  mkdirSync(dirname(file), { recursive: true });
  let fd: number | null = openSync(file, 'a');
  let size = fstatSync(fd).size;

  const rotate = (): void => {
    if (fd !== null) closeSync(fd);
    const names = rotatedNames(file, keep);
    if (keep === 0) rmSync(file, { force: true });
    else {
      rmSync(names[keep - 1]!, { force: true });
      for (let i = keep - 1; i > 0; i--) if (existsSync(names[i - 1]!)) renameSync(names[i - 1]!, names[i]!);
      renameSync(file, names[0]!);
    }
    fd = openSync(file, 'a');
    size = 0;
  };

  const write = (level: LogLevel, message: string): void => {
    if (fd === null) return;
    const line = Buffer.from(
      `${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message.replace(/\r?\n(?!$)/g, '\n    ')}\n`,
    );
    // A single line longer than maxBytes still gets written (to a fresh file), never dropped.
    if (size > 0 && size + line.length > maxBytes) rotate();
    size += writeSync(fd!, line);
  };

  return {
    file,
    write,
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    close: () => {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/** The console methods teeConsole wraps. */
export interface ConsoleLike {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/**
 * Copies console output into the log as well (the engine reports through console), so an
 * installed app, which has no terminal, keeps a record. dispose() puts the originals back.
 */
export function teeConsole(log: RotatingLog, target: ConsoleLike = console): Disposable {
  const originals = { log: target.log, info: target.info, warn: target.warn, error: target.error };
  const levels: Record<keyof typeof originals, LogLevel> = { log: 'info', info: 'info', warn: 'warn', error: 'error' };
  for (const key of Object.keys(originals) as (keyof typeof originals)[]) {
    const original = originals[key];
    target[key] = (...args: unknown[]) => {
      original.apply(target, args);
      log.write(levels[key], format(...args));
    };
  }
  return { dispose: () => Object.assign(target, originals) };
}
