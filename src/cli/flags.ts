import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDbPath } from '../engine/store/defaultDbPath';
import { DamagedDatabaseError, openStore, type SqliteTickStore } from '../engine/store/sqliteStore';
import { symbolSchema } from '../shared/market';
import { printable } from '../shared/printable';
import { CliFailure, UsageError, type CliContext } from './context';

/** --db, else TICKSCOPE_DB, else the desktop app's own database. */
export function resolveDbPath(flag: string | undefined, ctx: CliContext): string {
  return flag ?? ctx.env.TICKSCOPE_DB ?? defaultDbPath(ctx.env);
}

/** Comma-separated symbols, validated and uppercased. */
export function parseSymbols(flag: string | undefined, name = '--symbols'): string[] {
  if (!flag) return [];
  return flag
    .split(',')
    .filter(Boolean)
    .map((raw) => {
      const parsed = symbolSchema.safeParse(raw);
      if (!parsed.success)
        throw new UsageError(`${name}: "${printable(raw, 40)}" is not a symbol (2-30 letters or digits, e.g. btcusdt)`);
      return parsed.data;
    });
}

/** Epoch milliseconds or ISO 8601. */
export function parseTime(flag: string | undefined, name: string): number | undefined {
  if (flag === undefined) return undefined;
  if (/^\d+$/.test(flag)) return Number(flag);
  const ms = Date.parse(flag);
  if (Number.isNaN(ms)) throw new UsageError(`${name}: "${flag}" is neither epoch milliseconds nor ISO 8601`);
  return ms;
}

/**
 * `--from` and `--to` of one command, parsed together: a range that ends before it starts
 * is bad usage (exit 2), never an empty export or a silent empty replay. Every command
 * that takes both reads them through here.
 */
export function parseTimeRange(values: { from?: string; to?: string }): {
  from: number | undefined;
  to: number | undefined;
} {
  const from = parseTime(values.from, '--from');
  const to = parseTime(values.to, '--to');
  if (from !== undefined && to !== undefined && from > to) {
    const iso = (ms: number) => (Number.isNaN(new Date(ms).getTime()) ? String(ms) : new Date(ms).toISOString());
    throw new UsageError(`--from ${values.from} is after --to ${values.to} (${iso(from)} > ${iso(to)})`);
  }
  return { from, to };
}

/** `90s`, `5m`, `2h`, or plain seconds. */
export function parseDuration(flag: string | undefined, name: string): number | undefined {
  if (flag === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(flag);
  if (!m) throw new UsageError(`${name}: "${flag}" is not a duration like 90s, 5m or 2h`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** A wait or elapsed time for a one-line message: "0.5 s", "8 s", "20 s". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Math.round(s * 10) / 10 : Math.round(s)} s`;
}

/** The repository root (where package.json and out/ live), found from this file. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** This checkout's version (package.json), shown in the status like the app's. */
export function packageVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(resolve(repoRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0'
    );
  } catch {
    return '0.0.0';
  }
}

/** Opens the database for a command; a failure is one clear line naming the file (exit 1). */
export function openStoreForCli(dbPath: string, opts: { readonly?: boolean } = {}): SqliteTickStore {
  try {
    return openStore(dbPath, opts);
  } catch (err) {
    if (err instanceof DamagedDatabaseError) throw new CliFailure(err.message);
    throw new CliFailure(`cannot open database ${dbPath}: ${(err as Error).message}`);
  }
}
