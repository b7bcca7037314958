import { describe, expect, it } from 'vitest';
import { describeNetworkError } from '../../../../src/engine/feed/networkError';

describe('describeNetworkError', () => {
  it('finds the system code fetch() hides in its cause', () => {
    const err = new TypeError('fetch failed', {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND fapi.binance.com'), { code: 'ENOTFOUND' }),
    });
    expect(describeNetworkError(err)).toBe('ENOTFOUND');
  });

  it('says how long it waited when the request timed out', () => {
    const err = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(describeNetworkError(err, 10_000)).toBe('no answer within 10 s');
  });

  it('falls back to the innermost message', () => {
    expect(describeNetworkError(new TypeError('fetch failed', { cause: new Error('other side closed') }))).toBe(
      'other side closed',
    );
    expect(describeNetworkError(new Error('Unexpected server response: 503'))).toBe('Unexpected server response: 503');
  });
});
