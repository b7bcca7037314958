import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../support/serveProcess';

type Verdict = { status: 'pass' | 'fail' | 'unavailable'; message: string };
const { auditVerdict } = (await import(join(REPO_ROOT, 'scripts/ci/auditGate.mjs'))) as {
  auditVerdict: (exitCode: number, stdout: string) => Verdict;
};

// Shapes npm 10 prints for `npm audit --json` (report v2) and for a failed request.
const report = (counts: Record<string, number>, vulnerabilities: Record<string, unknown> = {}) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: {
      vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts },
      dependencies: { prod: 40 },
    },
  });

describe('CI audit gate', () => {
  it('a clean report passes', () => {
    expect(auditVerdict(0, report({})).status).toBe('pass');
  });

  it('moderate findings alone pass (the bar is high)', () => {
    expect(auditVerdict(0, report({ moderate: 2, total: 2 })).status).toBe('pass');
  });

  it('a high finding fails and names the package', () => {
    const v = auditVerdict(
      1,
      report({ high: 1, total: 1 }, { ws: { name: 'ws', severity: 'high', isDirect: true, fixAvailable: true } }),
    );
    expect(v.status).toBe('fail');
    expect(v.message).toContain('ws (high, direct, fix available)');
  });

  it('a critical finding fails', () => {
    expect(auditVerdict(1, report({ critical: 1, total: 1 }, { x: { name: 'x', severity: 'critical' } })).status).toBe(
      'fail',
    );
  });

  it('an unreachable registry or a refusing mirror is "unavailable", not a failure', () => {
    const refused = JSON.stringify({
      message: 'request to http://127.0.0.1:9/-/npm/v1/security/advisories/bulk failed, reason: connect ECONNREFUSED',
      error: { summary: '', detail: '' },
    });
    const mirror405 = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    expect(auditVerdict(1, refused)).toMatchObject({
      status: 'unavailable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    expect(auditVerdict(1, mirror405).status).toBe('unavailable');
    expect(auditVerdict(1, '').status).toBe('unavailable');
  });
});
