/**
 * node:util parseArgs refuses an option value that starts with a dash (`--exit -0.5` is
 * "ambiguous", in three lines). For flags that take numbers a leading minus is a sign, so
 * such pairs are joined into `--exit=-0.5` first; the command then says in one line
 * whether the number is allowed.
 */
export function joinNegativeNumbers(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (flags.includes(a) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
