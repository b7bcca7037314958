import { describe, expect, it } from 'vitest';
import { BusUrlError, isBusUrl, parseBusUrl, redactText } from '../../../../src/engine/bus/busUrl';

describe('tick bus addresses', () => {
  it('reads one server, a cluster, and the default port', () => {
    expect(parseBusUrl('nats://127.0.0.1:4222')).toMatchObject({
      servers: ['127.0.0.1:4222'],
      tls: false,
      redacted: 'nats://127.0.0.1:4222',
    });
    expect(parseBusUrl('nats://a:4222,b:5222,nats://c').servers).toEqual(['a:4222', 'b:5222', 'c:4222']);
    expect(parseBusUrl('tls://bus.example.com').tls).toBe(true);
  });

  it('takes credentials from the URL or the environment and never shows them', () => {
    const up = parseBusUrl('nats://alice:s3cret@10.0.0.1:4222');
    expect(up).toMatchObject({ user: 'alice', pass: 's3cret' });
    expect(up.redacted).toBe('nats://***@10.0.0.1:4222');
    const tok = parseBusUrl('nats://T0KEN@h:4222');
    expect(tok.token).toBe('T0KEN');
    expect(tok.redacted).not.toContain('T0KEN');
    expect(parseBusUrl('nats://h', { TICKSCOPE_NATS_TOKEN: 'envtok' }).token).toBe('envtok');
    expect(parseBusUrl('nats://h', { TICKSCOPE_NATS_USER: 'u', TICKSCOPE_NATS_PASSWORD: 'p' })).toMatchObject({
      user: 'u',
      pass: 'p',
    });
    expect(parseBusUrl('nats://h', { TICKSCOPE_NATS_CREDS: '/etc/desk.creds' }).credsFile).toBe('/etc/desk.creds');
  });

  it('refuses what is not a NATS address, without echoing a password', () => {
    for (const bad of ['http://h:4222', 'nats://', '', 'nats://h:4222/path', 'nats://a,tls://b']) {
      expect(() => parseBusUrl(bad), bad).toThrow(BusUrlError);
    }
    try {
      parseBusUrl('ftp://bob:hunter2@h');
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
    expect(redactText('failed nats://bob:hunter2@h:1 and tls://tok@x')).toBe('failed nats://***@h:1 and tls://***@x');
    expect(isBusUrl('nats://h')).toBe(true);
    expect(isBusUrl('live')).toBe(false);
  });
});
