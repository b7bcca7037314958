/** Where the page keeps the serve token once it has left the address bar. */
export const TOKEN_KEY = 'tickscope.token';

export interface TokenPage {
  location: { search: string; pathname: string; hash: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url: string): void };
  /** sessionStorage: per tab, gone with it, never sent anywhere. Null when the browser refuses storage. */
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void } | null;
}

/**
 * `tickscope serve` prints a URL with `?token=…`. The first load takes it from there, keeps
 * it in sessionStorage and rewrites the address without it, so it does not stay in the
 * history, bookmarks, screenshots or a copied link; a reload in the same tab finds it in
 * storage. A URL carrying a token always wins (a new token after a restart of serve).
 */
export function takePageToken(page: TokenPage): string {
  const params = new URLSearchParams(page.location.search);
  const fromUrl = params.get('token');
  if (fromUrl === null) {
    try {
      return page.storage?.getItem(TOKEN_KEY) ?? '';
    } catch {
      return '';
    }
  }
  try {
    page.storage?.setItem(TOKEN_KEY, fromUrl);
  } catch {
    // Storage refused (private mode, quota): the token lives in memory; a reload needs the URL again.
  }
  params.delete('token');
  const rest = params.toString();
  page.history.replaceState(
    page.history.state,
    '',
    `${page.location.pathname}${rest ? `?${rest}` : ''}${page.location.hash}`,
  );
  return fromUrl;
}

let cached: string | null = null;

/** This page's serve token (taken from the URL once, see takePageToken). */
export function pageToken(): string {
  if (cached === null) {
    let storage: TokenPage['storage'] = null;
    try {
      storage = window.sessionStorage;
    } catch {
      storage = null;
    }
    cached = takePageToken({ location: window.location, history: window.history, storage });
  }
  return cached;
}
