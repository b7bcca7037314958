/** Tokens guard every request; anything a guess could find is no guard. */
export const MIN_TOKEN_BITS = 128;

/**
 * How many bits of randomness a token of this form can carry at most: its length times
 * log2 of the smallest usual alphabet holding every character (hex, base64url, printable
 * ASCII). A token's real entropy depends on how it was made; this only refuses the ones
 * that cannot reach the bound (`--token ""`, `--token a`, a short password).
 */
export function tokenBits(token: string): number {
  if (token.length === 0) return 0;
  const alphabet = /^[0-9a-f]+$/i.test(token) ? 16 : /^[A-Za-z0-9_-]+$/.test(token) ? 64 : 95;
  return Math.floor(token.length * Math.log2(alphabet));
}

/** Why this token is refused, or null when it is long enough. */
export function weakTokenReason(token: string): string | null {
  const bits = tokenBits(token);
  if (bits >= MIN_TOKEN_BITS) return null;
  return `a token needs at least ${MIN_TOKEN_BITS} bits (e.g. 22 random base64url or 32 hex characters); this one has at most ${bits}`;
}
