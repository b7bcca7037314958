/** The decoded path and the query of an HTTP request target. */
export interface RequestTarget {
  path: string;
  query: URLSearchParams;
}

/**
 * Parses what a client sent as the request target without trusting it: `GET /%ff` (bad
 * percent-encoding), `GET //` (an authority, not a path) or a NUL byte make it null, and
 * the server answers 400, instead of `new URL`/`decodeURIComponent` throwing out of the
 * request handler and taking the process down (any web page can send such a request with
 * an <img>).
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (!raw || raw[0] !== '/' || raw.startsWith('//')) return null;
  const q = raw.indexOf('?');
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  // URLSearchParams never throws: a bad escape in the query stays as it was sent.
  return { path, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}
