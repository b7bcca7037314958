/**
 * Compact JSON for the WebSocket transport. Long arrays of same-shaped flat objects (bars,
 * rolling points) are sent as columns: `{"$cols":[keys], "$v":[column arrays]}`, and a
 * column whose value never changes (symbol, tf) as `{"$k": value}`. A day of 1s bars is then
 * about a third of the bytes, and both JSON.stringify and JSON.parse do a third of the work.
 * Transparent: packRows on the way out, unpackRows on the way in, same values either side.
 */

const MIN_ROWS = 64;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isPlainRow(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function columnsOf(rows: readonly unknown[]): string[] | null {
  const first = rows[0];
  if (!isPlainRow(first)) return null;
  const keys = Object.keys(first);
  if (keys.length === 0) return null;
  for (const row of rows) {
    if (!isPlainRow(row)) return null;
    let n = 0;
    for (const k in row) {
      const v = row[k];
      if (!(k in first) || (v !== null && typeof v === 'object')) return null;
      n++;
    }
    if (n !== keys.length) return null;
  }
  return keys;
}

export function packRows(value: unknown): unknown {
  if (Array.isArray(value)) {
    const keys = value.length >= MIN_ROWS ? columnsOf(value) : null;
    if (!keys) return value.map(packRows);
    const cols: unknown[] = [];
    for (const k of keys) {
      const first = (value[0] as Record<string, unknown>)[k];
      let constant = true;
      const col = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        const v = (value[i] as Record<string, unknown>)[k];
        // JSON drops undefined properties; columns cannot say "absent", so leave such rows be.
        if (v === undefined) return value.map(packRows);
        col[i] = v;
        if (constant && v !== first) constant = false;
      }
      cols.push(constant ? { $k: first } : col);
    }
    return { $cols: keys, $n: value.length, $v: cols };
  }
  if (isPlainRow(value)) {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = packRows(value[k]);
    return out;
  }
  return value;
}

export function unpackRows(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unpackRows);
  if (!isPlainRow(value)) return value;
  if (Array.isArray(value.$cols) && Array.isArray(value.$v) && typeof value.$n === 'number') {
    const keys = value.$cols as string[];
    const cols = value.$v as (Json[] | { $k: Json })[];
    const n = value.$n;
    const rows = new Array(n);
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < keys.length; c++) {
        const col = cols[c];
        row[keys[c]] = Array.isArray(col) ? col[i] : col.$k;
      }
      rows[i] = row;
    }
    return rows;
  }
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = unpackRows(value[k]);
  return out;
}
