import type { PairRow } from '../../core/scanner/types';
import type { ScanReport } from '../../engine/scanner/scanStore';

/** CSV columns of `tickscope scan --out FILE.csv`: one row per tested pair (in the report's
 * order), then one per excluded pair with only a, b and its reason. */
export const SCAN_CSV_COLUMNS = [
  'a',
  'b',
  'y',
  'x',
  'n',
  'corr',
  'coint_ab_stat',
  'coint_ab_pvalue',
  'coint_ba_stat',
  'coint_ba_pvalue',
  'pvalue',
  'qvalue',
  'significant',
  'beta',
  'alpha',
  'half_life',
  'z_last',
  'crossings',
  'excluded_reason',
] as const;

const csvField = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function scanCsv(r: ScanReport): string {
  const lines = [SCAN_CSV_COLUMNS.join(',')];
  for (const p of r.pairs) {
    const row: (string | number | boolean | null)[] = [
      p.a,
      p.b,
      p.y,
      p.x,
      p.n,
      p.corr,
      p.coint.ab.stat,
      p.coint.ab.pvalue,
      p.coint.ba.stat,
      p.coint.ba.pvalue,
      p.pvalue,
      p.qvalue,
      p.significant,
      p.beta,
      p.alpha,
      p.halfLife,
      p.zLast,
      p.crossings,
      '',
    ];
    lines.push(row.map((v) => (v === null ? '' : String(v))).join(','));
  }
  const blanks = ','.repeat(SCAN_CSV_COLUMNS.length - 3);
  for (const e of r.excluded) lines.push(`${e.a},${e.b}${blanks},${csvField(e.reason)}`);
  return lines.join('\n') + '\n';
}

/** The JSON document of `tickscope scan --json` (../shared/specs/scanner.md, Output). */
export function scanJson(r: ScanReport): string {
  return JSON.stringify({
    universe: r.universe,
    tf: r.tf,
    from: r.from,
    to: r.to,
    options: r.options,
    tested: r.tested,
    elapsedMs: Math.round(r.elapsedMs),
    pairs: r.pairs,
    excluded: r.excluded,
  });
}

function num(v: number | null, digits = 4): string {
  if (v === null) return '-';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
}

/** One line of the summary: what was scanned, how many pairs, how long it took. */
export function scanSummary(r: ScanReport): string {
  const significant = r.pairs.filter((p) => p.significant).length;
  const range = `[${new Date(r.from).toISOString()}, ${new Date(r.to).toISOString()})`;
  return (
    `scan ${r.tf} ${range}: ${r.universe.length} symbols, ${r.tested + r.excluded.length} pairs, ${r.tested} tested, ` +
    `${r.excluded.length} excluded, ${significant} significant (q <= ${r.options.fdr}) in ${(r.elapsedMs / 1000).toFixed(2)} s`
  );
}

/** The human-readable table: every tested pair in the report's order, then the excluded. */
export function scanTable(r: ScanReport): string {
  const head = [
    'y on x',
    'n',
    'corr',
    'p_ab',
    'p_ba',
    'p',
    'q',
    'sig',
    'beta',
    'alpha',
    'half-life',
    'z last',
    'crossings',
  ];
  const rows = r.pairs.map((p: PairRow) => [
    `${p.y} on ${p.x}`,
    String(p.n),
    num(p.corr),
    num(p.coint.ab.pvalue),
    num(p.coint.ba.pvalue),
    num(p.pvalue),
    num(p.qvalue),
    p.significant ? '*' : '',
    num(p.beta, 6),
    num(p.alpha, 6),
    num(p.halfLife),
    num(p.zLast),
    String(p.crossings),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [scanSummary(r), ''];
  if (rows.length > 0) out.push(line(head), ...rows.map(line));
  if (r.excluded.length > 0) {
    out.push('', `excluded (not tested): ${r.excluded.length}`);
    for (const e of r.excluded) out.push(`  ${e.a} ${e.b}  ${e.reason}`);
  }
  return out.join('\n') + '\n';
}
