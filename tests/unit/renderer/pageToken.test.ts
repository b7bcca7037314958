import { describe, expect, it } from 'vitest';
import { takePageToken, TOKEN_KEY, type TokenPage } from '../../../src/renderer/api/pageToken';

/** A page at `url` with a recording history and a Map-backed sessionStorage. */
function page(url: string, stored: Record<string, string> = {}) {
  const u = new URL(url);
  const replaced: string[] = [];
  const data = new Map(Object.entries(stored));
  const p: TokenPage = {
    location: { search: u.search, pathname: u.pathname, hash: u.hash },
    history: { state: { k: 1 }, replaceState: (_d, _u, next) => replaced.push(next) },
    storage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) },
  };
  return { p, replaced, data };
}

describe('the serve token leaves the URL after the first load', () => {
  it('takes it from the URL, keeps it in sessionStorage and rewrites the address without it', () => {
    const { p, replaced, data } = page('http://127.0.0.1:7400/?token=abc123&view=pair#z');
    expect(takePageToken(p)).toBe('abc123');
    expect(data.get(TOKEN_KEY)).toBe('abc123');
    expect(replaced).toEqual(['/?view=pair#z']);
  });

  it('a reload (no token in the URL) finds it in storage and leaves the address alone', () => {
    const { p, replaced } = page('http://127.0.0.1:7400/', { [TOKEN_KEY]: 'abc123' });
    expect(takePageToken(p)).toBe('abc123');
    expect(replaced).toEqual([]);
  });

  it('a URL token replaces a stored one (serve restarted with a new token)', () => {
    const { p, replaced, data } = page('http://127.0.0.1:7400/?token=new', { [TOKEN_KEY]: 'old' });
    expect(takePageToken(p)).toBe('new');
    expect(data.get(TOKEN_KEY)).toBe('new');
    expect(replaced).toEqual(['/']);
  });

  it('without storage the token still works for this load, and still leaves the URL', () => {
    const { p, replaced } = page('http://127.0.0.1:7400/?token=abc');
    const refusing = {
      ...p,
      storage: {
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => {
          throw new Error('denied');
        },
      },
    };
    expect(takePageToken(refusing)).toBe('abc');
    expect(replaced).toEqual(['/']);
    expect(takePageToken({ ...refusing, location: { search: '', pathname: '/', hash: '' } })).toBe('');
  });
});
