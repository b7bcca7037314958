/**
 * A failed connection as the few words a person can act on: the system's error code
 * (ECONNREFUSED, ENOTFOUND, ECONNRESET, ...) when there is one, else the innermost message.
 * fetch() reports every network failure as "fetch failed" and hides the reason in `cause`.
 */
export function describeNetworkError(err: unknown, timeoutMs?: number): string {
  let e: unknown = err;
  let message = err instanceof Error ? err.message : String(err);
  for (let depth = 0; depth < 4 && e !== null && typeof e === 'object'; depth++) {
    const {
      code,
      name,
      message: m,
      cause,
    } = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code)) return code;
    if (name === 'TimeoutError')
      return timeoutMs !== undefined ? `no answer within ${Math.round(timeoutMs / 1000)} s` : 'timed out';
    if (typeof m === 'string' && m) message = m;
    e = cause;
  }
  return message;
}
