/**
 * The tick bus address a user gives: `nats://HOST:PORT[,HOST:PORT…]` (several seeds of one
 * cluster), `tls://…` to require TLS, credentials in the URL (`nats://user:pass@host`, or
 * `nats://TOKEN@host`) or beside it (a creds file, env variables). Credentials never appear
 * in anything printed or logged: `redacted` is the only form that leaves this module.
 */
export interface BusAddress {
  /** host:port of each seed server, as nats.js wants them. */
  readonly servers: readonly string[];
  readonly tls: boolean;
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** Path of a NATS .creds file (JWT + NKey seed). */
  readonly credsFile?: string;
  /** The address with every credential replaced by ***, for messages and the status bar. */
  readonly redacted: string;
}

export class BusUrlError extends Error {}

/** True for the values `--source` and `--publish` treat as a bus address. */
export function isBusUrl(value: string): boolean {
  return /^(nats|tls):\/\//i.test(value.trim());
}

/**
 * Parses a bus address. `env` supplies credentials kept out of the command line (and so out
 * of shell history and `ps`): TICKSCOPE_NATS_TOKEN, TICKSCOPE_NATS_USER + TICKSCOPE_NATS_PASSWORD,
 * TICKSCOPE_NATS_CREDS (a .creds file). Throws BusUrlError with a message that names the
 * problem without echoing a credential.
 */
export function parseBusUrl(
  value: string,
  env: Readonly<Record<string, string | undefined>> = {},
  credsFile?: string,
): BusAddress {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new BusUrlError('no NATS server given (expected nats://HOST:PORT)');
  let scheme: 'nats' | 'tls' | null = null;
  let user: string | undefined;
  let pass: string | undefined;
  let token: string | undefined;
  const servers: string[] = [];
  const shown: string[] = [];
  for (const [i, raw] of parts.entries()) {
    // Later seeds may leave the scheme out: nats://a:4222,b:4222.
    const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `${scheme ?? 'nats'}://${raw}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      throw new BusUrlError(`not a NATS address: ${redactText(raw)} (expected nats://HOST:PORT or tls://HOST:PORT)`);
    }
    const s = url.protocol.replace(/:$/, '').toLowerCase();
    if (s !== 'nats' && s !== 'tls')
      throw new BusUrlError(`unsupported scheme "${s}://" in ${redactText(raw)}: use nats:// or tls://`);
    if (scheme !== null && s !== scheme)
      throw new BusUrlError('mixed nats:// and tls:// servers: use one scheme for the whole cluster');
    scheme = s;
    if (!url.hostname) throw new BusUrlError(`no host in ${redactText(raw)}`);
    if (url.pathname && url.pathname !== '/')
      throw new BusUrlError(`unexpected path "${url.pathname}" in ${redactText(raw)}`);
    const port = url.port ? Number(url.port) : 4222;
    if (url.username) {
      const u = decodeURIComponent(url.username);
      const p = url.password ? decodeURIComponent(url.password) : undefined;
      if (i > 0 && (u !== (user ?? token) || p !== pass))
        throw new BusUrlError('different credentials on different seeds: give them once');
      if (p !== undefined) {
        user = u;
        pass = p;
      } else token = u;
    }
    const host = url.hostname.includes(':') && !url.hostname.startsWith('[') ? `[${url.hostname}]` : url.hostname;
    servers.push(`${host}:${port}`);
    shown.push(`${url.username ? '***@' : ''}${host}:${port}`);
  }
  token ??= env.TICKSCOPE_NATS_TOKEN || undefined;
  if (user === undefined && env.TICKSCOPE_NATS_USER) {
    user = env.TICKSCOPE_NATS_USER;
    pass = env.TICKSCOPE_NATS_PASSWORD ?? '';
  }
  const creds = credsFile ?? (env.TICKSCOPE_NATS_CREDS || undefined);
  const redacted = `${scheme}://${shown.join(',')}`;
  return {
    servers,
    tls: scheme === 'tls',
    ...(user !== undefined ? { user, pass } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(creds !== undefined ? { credsFile: creds } : {}),
    redacted,
  };
}

/** Any `scheme://userinfo@` in free text (an error from a library, a bad argument) masked. */
export function redactText(text: string): string {
  return text.replace(/([a-z]+:\/\/)[^@/\s,]+@/gi, '$1***@');
}
