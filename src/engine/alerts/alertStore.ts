import type { Database } from 'better-sqlite3';
import { alertRuleSchema, pairSpecSchema, type AlertRule, type FiredAlert } from '../../shared/contract';
import type { RuleState } from '../../core/alerts';
import { migrateAlertTables } from './alertMigrations';

export interface HistoryQuery {
  ruleId?: string;
  from?: number;
  to?: number;
  limit?: number;
}

/** Rules, their evaluation state and the firing history, in the engine's SQLite file. */
export interface AlertStore {
  /** Runs fn in one transaction (joins an enclosing one). */
  transaction<T>(fn: () => T): T;
  /** Rules in creation order; rows that no longer validate are reported, not loaded. */
  listRules(): { rules: AlertRule[]; invalid: { id: string; error: string }[] };
  getRule(id: string): AlertRule | null;
  /** Inserts or replaces a rule and its state; true when the rule is new. */
  putRule(rule: AlertRule, state: RuleState, now: number): boolean;
  /** Deletes a rule and its state (its history stays); false when there was none. */
  deleteRule(id: string): boolean;
  loadStates(): Map<string, RuleState>;
  saveStates(states: ReadonlyMap<string, RuleState>): void;
  recordFiring(alert: Omit<FiredAlert, 'id'>): FiredAlert;
  history(q: HistoryQuery): FiredAlert[];
}

interface HistoryRow {
  id: number;
  rule_id: string;
  rule_name: string;
  kind: FiredAlert['kind'];
  ts: number;
  fired_at: number;
  symbol: string | null;
  pair: string | null;
  value: number;
  threshold: number;
  message: string;
}

export function openAlertStore(db: Database): AlertStore {
  migrateAlertTables(db);
  const selectRules = db.prepare('SELECT id, json FROM alert_rules ORDER BY position, id');
  const selectRule = db.prepare('SELECT json FROM alert_rules WHERE id = ?').pluck();
  const nextPosition = db.prepare('SELECT coalesce(max(position), 0) + 1 FROM alert_rules').pluck();
  const insertRule = db.prepare(
    'INSERT INTO alert_rules (id, position, json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const updateRule = db.prepare('UPDATE alert_rules SET json = ?, updated_at = ? WHERE id = ?');
  const deleteRuleStmt = db.prepare('DELETE FROM alert_rules WHERE id = ?');
  const deleteState = db.prepare('DELETE FROM alert_rule_state WHERE rule_id = ?');
  const upsertState = db.prepare(
    'INSERT INTO alert_rule_state (rule_id, json) VALUES (?, ?) ON CONFLICT (rule_id) DO UPDATE SET json = excluded.json',
  );
  const selectStates = db.prepare('SELECT rule_id, json FROM alert_rule_state');
  const insertHistory = db.prepare(
    `INSERT INTO alert_history (rule_id, rule_name, kind, ts, fired_at, symbol, pair, value, threshold, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const transaction = <T>(fn: () => T): T => (db.inTransaction ? fn() : db.transaction(fn).immediate());

  const parseRule = (json: string): AlertRule => alertRuleSchema.parse(JSON.parse(json));
  const toAlert = (r: HistoryRow): FiredAlert => ({
    id: r.id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    kind: r.kind,
    ts: r.ts,
    firedAt: r.fired_at,
    ...(r.symbol !== null ? { symbol: r.symbol } : {}),
    ...(r.pair !== null ? { pair: pairSpecSchema.parse(JSON.parse(r.pair)) } : {}),
    value: r.value,
    threshold: r.threshold,
    message: r.message,
  });

  return {
    transaction,
    listRules() {
      const rules: AlertRule[] = [];
      const invalid: { id: string; error: string }[] = [];
      for (const row of selectRules.all() as { id: string; json: string }[]) {
        try {
          rules.push(parseRule(row.json));
        } catch (err) {
          invalid.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
        }
      }
      return { rules, invalid };
    },
    getRule(id) {
      const json = selectRule.get(id) as string | undefined;
      return json === undefined ? null : parseRule(json);
    },
    putRule(rule, state, now) {
      return transaction(() => {
        const json = JSON.stringify(rule);
        const created = updateRule.run(json, now, rule.id).changes === 0;
        if (created) insertRule.run(rule.id, nextPosition.get() as number, json, now, now);
        upsertState.run(rule.id, JSON.stringify(state));
        return created;
      });
    },
    deleteRule(id) {
      return transaction(() => {
        deleteState.run(id);
        return deleteRuleStmt.run(id).changes > 0;
      });
    },
    loadStates() {
      const out = new Map<string, RuleState>();
      for (const row of selectStates.all() as { rule_id: string; json: string }[])
        out.set(row.rule_id, JSON.parse(row.json) as RuleState);
      return out;
    },
    saveStates(states) {
      if (states.size === 0) return;
      transaction(() => {
        for (const [id, s] of states) upsertState.run(id, JSON.stringify(s));
      });
    },
    recordFiring(a) {
      const id = Number(
        insertHistory.run(
          a.ruleId,
          a.ruleName,
          a.kind,
          a.ts,
          a.firedAt,
          a.symbol ?? null,
          a.pair ? JSON.stringify(a.pair) : null,
          a.value,
          a.threshold,
          a.message,
        ).lastInsertRowid,
      );
      return { id, ...a };
    },
    history(q) {
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (clause: string, arg: unknown): void => {
        where.push(clause);
        args.push(arg);
      };
      if (q.ruleId !== undefined) add('rule_id = ?', q.ruleId);
      if (q.from !== undefined) add('ts >= ?', q.from);
      if (q.to !== undefined) add('ts <= ?', q.to);
      const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const sql =
        q.limit !== undefined
          ? `SELECT * FROM (SELECT * FROM alert_history ${cond} ORDER BY ts DESC, id DESC LIMIT ?) ORDER BY ts, id`
          : `SELECT * FROM alert_history ${cond} ORDER BY ts, id`;
      if (q.limit !== undefined) args.push(q.limit);
      return (db.prepare(sql).all(...args) as HistoryRow[]).map(toAlert);
    },
  };
}
