import { z } from 'zod';
import { symbolSchema, timeframeSchema } from '../market';
import { pairSpecSchema } from './analytics';
import { defineRequest } from './define';

/**
 * Alert rules, their history and the alerts.* channels.
 *
 * A rule is one JSON object; a rules file (`tickscope alerts test --rules FILE`) is either an
 * array of rules or `{ "rules": [...] }`, which is exactly what `alerts.listRules` returns,
 * so what the app saves can be replayed as is. Example:
 *
 *   { "rules": [
 *     { "id": "btc-60k", "name": "BTC crosses 60k", "kind": "price", "symbol": "BTCUSDT",
 *       "tf": "1m", "op": "crosses", "level": 60000, "hysteresis": 50, "cooldownMs": 300000 },
 *     { "id": "pair-z", "name": "BTC/ETH |z| > 2", "kind": "zscore",
 *       "pair": { "y": "BTCUSDT", "x": "ETHUSDT", "tf": "1m", "window": 300 }, "op": "crosses", "k": 2 },
 *     { "id": "btc-stale", "name": "BTC feed stale", "kind": "stale", "symbol": "BTCUSDT", "seconds": 30 }
 *   ] }
 *
 * Optional fields and their defaults: enabled (true), hysteresis (0), cooldownMs (0);
 * correlation's op defaults to "below"; gap's seconds to 0.
 */

const MAX_COOLDOWN_MS = 7 * 86_400_000;

export const ruleIdSchema = z
  .string({ error: 'a rule needs an id (text)' })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'an id is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

/** above: fires when the value goes over `level`; below: under it; crosses: either way,
 * but only on an observed crossing (the first value seen only says which side it is on). */
export const thresholdOpSchema = z.enum(['above', 'below', 'crosses']);
export type ThresholdOp = z.infer<typeof thresholdOpSchema>;

const finite = (what: string) => z.number({ error: `${what} must be a finite number` });

function commonFields<Id extends z.ZodType>(id: Id) {
  return {
    id,
    name: z.string().trim().min(1, 'a rule needs a name').max(120, 'a name is at most 120 characters'),
    enabled: z.boolean().default(true),
    /** Re-arm only after the value has come back past the level by this margin (value units;
     * percent for change, z units for zscore). Not used by data-health rules, which re-arm when
     * the feed is fresh again or every gap is filled. */
    hysteresis: finite('hysteresis').nonnegative('hysteresis cannot be negative').default(0),
    /** After a firing, further firings within this many ms (of data time) are swallowed. */
    cooldownMs: z
      .number()
      .int('cooldownMs must be whole milliseconds')
      .nonnegative('cooldownMs cannot be negative')
      .max(MAX_COOLDOWN_MS, 'cooldownMs is at most 7 days')
      .default(0),
  };
}

function ruleVariants<Id extends z.ZodType>(id: Id) {
  const c = commonFields(id);
  return [
    /** Bar close vs a price level. */
    z
      .object({
        ...c,
        kind: z.literal('price'),
        symbol: symbolSchema,
        tf: timeframeSchema,
        op: thresholdOpSchema,
        level: finite('level').positive('a price level must be > 0'),
      })
      .strict(),
    /** % change of the close over `lookback` bars of tf: (close / close lookback bars earlier − 1)·100. */
    z
      .object({
        ...c,
        kind: z.literal('change'),
        symbol: symbolSchema,
        tf: timeframeSchema,
        lookback: z
          .number()
          .int('lookback is a whole number of bars')
          .min(1, 'lookback is at least 1 bar')
          .max(100_000, 'lookback is at most 100000 bars'),
        op: thresholdOpSchema,
        level: finite('level (percent)'),
      })
      .strict(),
    /** Pair z-score: above = z > +k, below = z < −k, crosses = z crosses +k or −k either way. */
    z
      .object({
        ...c,
        kind: z.literal('zscore'),
        pair: pairSpecSchema,
        op: thresholdOpSchema,
        k: finite('k').positive('k must be > 0'),
      })
      .strict(),
    /** The latest OLS residual of the pair window vs a level. */
    z
      .object({ ...c, kind: z.literal('spread'), pair: pairSpecSchema, op: thresholdOpSchema, level: finite('level') })
      .strict(),
    /** Rolling log-return correlation; "falling below" is the default. */
    z
      .object({
        ...c,
        kind: z.literal('correlation'),
        pair: pairSpecSchema,
        op: thresholdOpSchema.default('below'),
        level: finite('level')
          .min(-1, 'a correlation level is between -1 and 1')
          .max(1, 'a correlation level is between -1 and 1'),
      })
      .strict(),
    /** ADF p-value of the pair spread. */
    z
      .object({
        ...c,
        kind: z.literal('adf'),
        pair: pairSpecSchema,
        op: thresholdOpSchema,
        level: finite('level')
          .gt(0, 'a p-value level is between 0 and 1 (exclusive)')
          .lt(1, 'a p-value level is between 0 and 1 (exclusive)'),
      })
      .strict(),
    /** Data health: no trade for `seconds` on the symbol's feed. */
    z
      .object({
        ...c,
        kind: z.literal('stale'),
        symbol: symbolSchema,
        seconds: finite('seconds').positive('seconds must be > 0').max(86_400, 'seconds is at most 86400'),
      })
      .strict(),
    /** Data health: a gap in the trade ids has stayed unfilled for `seconds`. */
    z
      .object({
        ...c,
        kind: z.literal('gap'),
        symbol: symbolSchema,
        seconds: finite('seconds')
          .nonnegative('seconds cannot be negative')
          .max(86_400, 'seconds is at most 86400')
          .default(0),
      })
      .strict(),
  ] as const;
}

function ruleSchemaWith<Id extends z.ZodType>(id: Id) {
  return z
    .discriminatedUnion('kind', ruleVariants(id), {
      error: (iss) =>
        iss.code === 'invalid_union' ? `must be one of ${ALERT_RULE_KINDS.map((k) => `"${k}"`).join(', ')}` : undefined,
    })
    .superRefine((rule, ctx) => {
      if ('pair' in rule && rule.pair.y === rule.pair.x) {
        ctx.addIssue({
          code: 'custom',
          path: ['pair', 'x'],
          message: 'a pair needs two different symbols (y and x are the same)',
        });
      }
    });
}

export const ALERT_RULE_KINDS = ['price', 'change', 'zscore', 'spread', 'correlation', 'adf', 'stale', 'gap'] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

/** A stored rule (every default filled in). */
export const alertRuleSchema = ruleSchemaWith(ruleIdSchema);
export type AlertRule = z.output<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;
export type PairAlertRule = Extract<AlertRule, { pair: unknown }>;
export type SymbolAlertRule = Extract<AlertRule, { symbol: unknown }>;

/** What alerts.saveRule takes: a rule whose id may be left out (the engine then makes one). */
export const alertRuleDraftSchema = ruleSchemaWith(ruleIdSchema.optional());
export type AlertRuleDraft = z.input<typeof alertRuleDraftSchema>;

/** One firing, as stored in the history and pushed to the renderer and the notifier. */
export const firedAlertSchema = z.object({
  /** History row id (0 when not stored, e.g. `alerts test`). */
  id: z.number().int().nonnegative(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(ALERT_RULE_KINDS),
  /** Data time the alert belongs to: the bar start for bar and pair rules (the chart marker
   * goes there), the evaluation time for data-health rules. */
  ts: z.number(),
  /** Wall-clock ms when the engine fired it. */
  firedAt: z.number(),
  symbol: z.string().optional(),
  pair: pairSpecSchema.optional(),
  value: z.number(),
  threshold: z.number(),
  message: z.string(),
});
export type FiredAlert = z.infer<typeof firedAlertSchema>;

const rulesList = z.object({ rules: z.array(alertRuleSchema) });
const idArg = z.object({ id: ruleIdSchema }).strict();
const timeMs = z.number().int().nonnegative();

export const alertsRequests = {
  /** Every rule, in the order they were created; the response is also a valid rules file. */
  'alerts.listRules': defineRequest(z.object({}).strict(), rulesList),
  /** Create (no id, or an unknown id) or replace a rule; refused whole if any field is bad. */
  'alerts.saveRule': defineRequest(
    z.object({ rule: alertRuleDraftSchema }).strict(),
    z.object({ rule: alertRuleSchema, created: z.boolean() }),
  ),
  'alerts.deleteRule': defineRequest(idArg, z.object({ deleted: z.literal(true) })),
  'alerts.setEnabled': defineRequest(
    z.object({ id: ruleIdSchema, enabled: z.boolean() }).strict(),
    z.object({ rule: alertRuleSchema }),
  ),
  /** Stored firings, ascending by ts; with `limit`, the most recent `limit` of the range. */
  'alerts.history': defineRequest(
    z
      .object({
        ruleId: ruleIdSchema.optional(),
        from: timeMs.optional(),
        to: timeMs.optional(),
        limit: z.number().int().positive().max(100_000).optional(),
      })
      .strict(),
    z.object({ alerts: z.array(firedAlertSchema) }),
  ),
};

export const alertsEvents = {
  /** One firing (after it is stored). */
  'alerts.onDidFire': firedAlertSchema,
  /** The full rule list after any change. */
  'alerts.onDidChangeRules': rulesList,
};

export type RulesFileResult = { ok: true; rules: AlertRule[] } | { ok: false; errors: string[] };

/** `path.to.field: message` for each zod issue, so a refusal names the field. */
export function describeRuleIssues(
  error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> },
  prefix = '',
): string[] {
  return error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    return path ? `${path}: ${i.message}` : i.message;
  });
}

/**
 * Reads a rules file's parsed JSON: an array of rules or `{ "rules": [...] }`. Every rule
 * must be valid and ids unique; otherwise nothing is accepted and every problem is listed.
 */
export function parseRulesFile(json: unknown): RulesFileResult {
  let list: unknown;
  if (Array.isArray(json)) list = json;
  else if (json !== null && typeof json === 'object' && Array.isArray((json as { rules?: unknown }).rules))
    list = (json as { rules: unknown[] }).rules;
  else return { ok: false, errors: ['a rules file is an array of rules or {"rules": [...]}'] };
  const errors: string[] = [];
  const rules: AlertRule[] = [];
  const seen = new Set<string>();
  (list as unknown[]).forEach((raw, i) => {
    const parsed = alertRuleSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...describeRuleIssues(parsed.error, `rules[${i}]`));
      return;
    }
    if (seen.has(parsed.data.id)) errors.push(`rules[${i}].id: "${parsed.data.id}" is used by an earlier rule`);
    seen.add(parsed.data.id);
    rules.push(parsed.data);
  });
  return errors.length ? { ok: false, errors } : { ok: true, rules };
}
