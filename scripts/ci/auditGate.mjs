// CI gate over `npm audit --omit=dev --audit-level=high --json`. npm exits 1 both when it
// finds vulnerabilities and when it cannot ask the registry at all, so the exit code alone
// cannot tell them apart; the JSON can: a report has `auditReportVersion`/`metadata`, a
// failed request has only `message` and `error`. High or critical findings in production
// dependencies fail CI; an unreachable or refusing audit endpoint (offline CI, a mirror
// that answers 405 to the bulk-advisory POST) is reported loudly and does not.
// Usage: npm audit ... --json | node scripts/ci/auditGate.mjs <npm exit code>
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** @returns {{ status: 'pass' | 'fail' | 'unavailable', message: string }} */
export function auditVerdict(exitCode, stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return {
      status: 'unavailable',
      message: `npm audit printed no JSON (exit ${exitCode}); the audit service could not be asked`,
    };
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts) {
    if (exitCode === 0) return { status: 'pass', message: 'npm audit: no report, exit 0' };
    return {
      status: 'unavailable',
      message: `npm audit could not reach the advisory service: ${report?.message ?? 'unknown error'}`,
    };
  }
  const serious = (counts.high ?? 0) + (counts.critical ?? 0);
  const names = Object.values(report.vulnerabilities ?? {})
    .filter((v) => v.severity === 'high' || v.severity === 'critical')
    .map((v) => `${v.name} (${v.severity}${v.isDirect ? ', direct' : ''}${v.fixAvailable ? ', fix available' : ''})`);
  if (serious > 0) {
    return {
      status: 'fail',
      message: `npm audit: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high in production dependencies: ${names.join(', ')}`,
    };
  }
  return {
    status: 'pass',
    message: `npm audit: no high or critical issues in production dependencies (${counts.total ?? 0} lower)`,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const verdict = auditVerdict(Number(process.argv[2] ?? 0), readFileSync(0, 'utf8'));
  console.log(verdict.status === 'unavailable' ? `WARNING: ${verdict.message}; audit NOT done` : verdict.message);
  process.exit(verdict.status === 'fail' ? 1 : 0);
}
