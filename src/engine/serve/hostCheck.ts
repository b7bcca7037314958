import { isIP } from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Bracketed IPv6, lower case: the form a Host header carries. */
function asHostName(host: string): string {
  const h = host.toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

/** True for addresses only this machine can reach (what `--host` defaults to). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function isWildcard(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::';
}

/**
 * Which `Host` headers the server answers: the loopback names, and the address it was told
 * to listen on, with its own port. A DNS-rebinding page (evil.example re-resolved to
 * 127.0.0.1) reaches the socket but sends `Host: evil.example`, so it is refused. Bound to
 * a wildcard address, the machine's names are unknown here: IP literals are accepted too
 * (a page can only send one as the Host of its own origin, which rebinding cannot change).
 */
export function hostChecker(bindHost: string, port: number): (hostHeader: string | undefined) => boolean {
  const names = new Set(LOOPBACK_NAMES);
  if (!isWildcard(bindHost)) names.add(asHostName(bindHost));
  const anyIp = isWildcard(bindHost);
  return (header) => {
    if (!header) return false;
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
    if (!m) return false;
    const name = m[1]!.toLowerCase();
    const headerPort = m[2] === undefined ? 80 : Number(m[2]);
    if (headerPort !== port) return false;
    return names.has(name) || (anyIp && isIP(name.replace(/^\[|\]$/g, '')) !== 0);
  };
}
