import type { CliCommand, CliContext } from '../context';
import { UsageError } from '../context';

/** One `tickscope fetch <what>`: its usage lines (for the help) and its runner. */
export interface FetchSubcommand {
  readonly usage: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/**
 * REST backfills, one subcommand each, loaded on use. Adding one is an entry here and a
 * file exporting a FetchSubcommand.
 */
const SUBCOMMANDS: Record<string, () => Promise<FetchSubcommand>> = {
  klines: async () => (await import('./fetchKlines')).fetchKlinesCommand,
  funding: async () => (await import('./fetchFunding')).fetchFundingCommand,
};

async function help(): Promise<string> {
  const usages = await Promise.all(Object.values(SUBCOMMANDS).map(async (load) => (await load()).usage.trimEnd()));
  return `Usage: tickscope fetch ${Object.keys(SUBCOMMANDS).join('|')} [flags]

REST backfill from Binance USD-M futures, paced under the exchange's weight limit
(X-MBX-USED-WEIGHT-1M read, 429/418 waited out per Retry-After) and resumable: each page
is stored as it arrives, and running the same command again continues after what is stored.
Progress on stderr when it is a terminal; Ctrl-C stops after the current page.

${usages.join('\n\n')}
`;
}

export const command: CliCommand = {
  summary: 'Backfill over REST: klines of a universe as bars, funding-rate history',
  // Built from the subcommands' own usage when this module loads (the CLI loads it on use).
  help: await help(),
  async run(argv, ctx) {
    const [what, ...rest] = argv;
    const load = what !== undefined ? SUBCOMMANDS[what] : undefined;
    if (!load)
      throw new UsageError(
        `say what to fetch: ${Object.keys(SUBCOMMANDS).join(' or ')}${what ? ` (not "${what}")` : ''}`,
      );
    return (await load()).run(rest, ctx);
  },
};
