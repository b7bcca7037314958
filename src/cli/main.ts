import { COMMANDS } from './commands/index';
import { printable } from '../shared/printable';
import { CliFailure, UsageError, type CliContext } from './context';

const GLOBAL_HELP = () => `tickscope: the Tickscope engine on the command line

Usage: tickscope <command> [flags]        tickscope help <command>

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}
  help      Show this help, or a command's

Shared flags:
  --db PATH   the SQLite database (default: the desktop app's database in the user data
              folder; TICKSCOPE_DB overrides)
  --json      one JSON document on stdout instead of a table (where supported)
  --verbose   stack traces on errors

Exit status: 0 success, 1 runtime failure, 2 bad usage.
`;

function defaultContext(): CliContext {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    signal: controller.signal,
  };
}

/** Runs one command line; returns the exit status (never throws). */
export async function main(argv: string[], ctx: CliContext = defaultContext()): Promise<number> {
  const verbose = argv.includes('--verbose');
  const args = argv.filter((a) => a !== '--verbose');
  const [name, ...rest] = args;
  ctx = { ...ctx, verbose };
  try {
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? rest[0] : undefined;
      if (!topic) {
        ctx.stdout.write(GLOBAL_HELP());
        return name ? 0 : 2;
      }
      const entry = COMMANDS[topic];
      if (!entry) throw new UsageError(`unknown command "${topic}"; run "tickscope help"`);
      ctx.stdout.write((await entry.load()).help.trimEnd() + '\n');
      return 0;
    }
    const entry = COMMANDS[name];
    if (!entry) throw new UsageError(`unknown command "${name}"; run "tickscope help"`);
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.stdout.write(command.help.trimEnd() + '\n');
      return 0;
    }
    return await command.run(rest, ctx);
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = err instanceof Error ? err.message : String(err);
    // Messages quote flags and file contents: control characters in them must not reach the terminal.
    ctx.stderr.write(`tickscope${name ? ` ${printable(name, 40)}` : ''}: ${printable(message, Infinity)}\n`);
    if (verbose && err instanceof Error && err.stack) ctx.stderr.write(err.stack + '\n');
    return usage ? 2 : err instanceof CliFailure ? 1 : 1;
  }
}
