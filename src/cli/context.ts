/** What a command may touch: injected so tests can run commands in-process. */
export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress bars only then). */
  isTTY: boolean;
  /** Aborted on SIGINT/SIGTERM. */
  signal?: AbortSignal;
  verbose?: boolean;
}

/** Bad flags or arguments: exit status 2, one line naming what was wrong. */
export class UsageError extends Error {}

/** A runtime failure: exit status 1, one line naming the file, row or flag. */
export class CliFailure extends Error {}

export interface CliCommand {
  /** One line for the command list. */
  summary: string;
  /** Full help: usage and every flag. */
  help: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
}
