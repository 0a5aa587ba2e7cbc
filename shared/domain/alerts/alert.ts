import { z } from 'zod';
import { goodsCategorySchema, type BureauCode, type GoodsCategory } from '../codes.ts';
import {
  MAX_ALERT_COUNTRIES,
  MAX_ALERT_DESCRIPTION_LENGTH,
  MAX_ALERT_HS_PREFIXES,
  MAX_ALERT_SOURCE_LENGTH,
  MAX_ALERT_VALIDITY_DAYS,
  MAX_WITHDRAWAL_REASON_LENGTH,
  tooLong,
  tooMany,
} from '../limits.ts';
import { bilingual, type LocalisedText } from '../text.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { hsPrefixSchema } from '../validators/hs-code.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { fieldChanges } from '../field-changes.ts';

/**
 * The alert platform (疫病疫情和异常情况信息通报平台, 408号 三（七）, DOMAIN.md §8): an epidemic,
 * pest or nonconformity notice for goods from some countries or regions, with the measure the
 * bureaus apply to them while it is in force. HQ's alerts take effect at once (or at their
 * `validFrom`); a bureau's wait for HQ's approval.
 */
export const ALERT_KINDS = ['animal-epidemic', 'plant-pest', 'human-health', 'product-nonconformity', 'radiation', 'other'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const alertKindSchema = z.enum(ALERT_KINDS, { error: bilingual('未知的预警类别', 'unknown alert kind') });

/**
 * What the bureaus do to covered goods, each on a mechanism of the routing policy: a level floor,
 * port inspection, or (entry ban) the filing refused. See `alert-effects.ts`.
 */
export const ALERT_MEASURES = ['heightened-inspection', 'port-inspection', 'suspend-direct-release', 'entry-ban'] as const;
export type AlertMeasure = (typeof ALERT_MEASURES)[number];
export const alertMeasureSchema = z.enum(ALERT_MEASURES, { error: bilingual('未知的预警措施', 'unknown alert measure') });

/**
 * `pending-approval` → (`rejected` | `scheduled` → `active` → `expired`); `withdrawn` from any of
 * the three live ones. Only `active` alerts apply to filings.
 */
export const ALERT_STATUSES = ['pending-approval', 'rejected', 'scheduled', 'active', 'expired', 'withdrawn'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const alertStatusSchema = z.enum(ALERT_STATUSES, { error: bilingual('未知的预警状态', 'unknown alert status') });
/** The statuses an alert can still be changed or withdrawn in. */
export const LIVE_ALERT_STATUSES = ['pending-approval', 'scheduled', 'active'] as const satisfies readonly AlertStatus[];

const text = (zh: string, en: string, max: number) =>
  z
    .string({ error: bilingual(`${zh}须为字符串`, `${en} must be a string`) })
    .trim()
    .min(1, { error: bilingual(`${zh}不能为空`, `${en} must not be empty`) })
    .max(max, { error: tooLong(zh, en, max) });

/** Chinese first, English beside: both are required, as every text a bureau or an enterprise reads. */
export const alertDescriptionSchema = z
  .object({
    zh: text('中文说明', 'description.zh', MAX_ALERT_DESCRIPTION_LENGTH),
    en: text('英文说明', 'description.en', MAX_ALERT_DESCRIPTION_LENGTH),
  })
  .strict();

const unique = <T extends z.ZodType<string>>(item: T, zhWhat: string, enWhat: string, max: number) =>
  z
    .array(item, { error: bilingual(`${zhWhat}须为数组`, `${enWhat} must be an array`) })
    .max(max, { error: tooMany(zhWhat, enWhat, max) })
    .refine((values) => new Set(values).size === values.length, { error: bilingual(`${zhWhat}有重复项`, `${enWhat} repeat an entry`) });

const countriesSchema = unique(countryCodeSchema, '国家或地区', 'countries', MAX_ALERT_COUNTRIES).refine((c) => c.length > 0, {
  error: bilingual('至少填写一个国家或地区', 'at least one country or region is required'),
});
const hsPrefixesSchema = unique(hsPrefixSchema, 'HS 编码前缀', 'HS prefixes', MAX_ALERT_HS_PREFIXES);
const categoriesSchema = unique(goodsCategorySchema, '货物类别', 'goods categories', MAX_ALERT_HS_PREFIXES);

const reasonSchema = text('原因', 'reason', MAX_WITHDRAWAL_REASON_LENGTH);
const versionSchema = z
  .number({ error: bilingual('版本号须为整数', 'version must be an integer') })
  .int({ error: bilingual('版本号须为整数', 'version must be an integer') })
  .positive({ error: bilingual('版本号须大于 0', 'version must be positive') });

/** The commodities an alert covers: a goods line is covered by one of its prefixes or categories. */
const coverageProblem = (hsPrefixes: readonly string[], categories: readonly string[]) =>
  hsPrefixes.length + categories.length === 0
    ? { path: 'hsPrefixes', message: bilingual('至少填写一个 HS 编码前缀或货物类别', 'name at least one HS prefix or goods category') }
    : undefined;

const windowOrderProblem = (from: string | undefined, until: string | undefined) =>
  from !== undefined && until !== undefined && Date.parse(until) <= Date.parse(from)
    ? { path: 'validUntil', message: bilingual('截止时间须晚于生效时间', 'validUntil must be after validFrom') }
    : undefined;

/** Where the information comes from, in one line. */
export const alertSourceSchema = text('信息来源', 'source', MAX_ALERT_SOURCE_LENGTH);

/** POST /alerts. `validFrom` absent: in force from publication (for a bureau's: from HQ's approval). */
export const alertPublicationSchema = z
  .object({
    kind: alertKindSchema,
    countries: countriesSchema,
    hsPrefixes: hsPrefixesSchema.optional(),
    categories: categoriesSchema.optional(),
    measure: alertMeasureSchema,
    validFrom: timestampSchema.optional(),
    validUntil: timestampSchema,
    source: alertSourceSchema,
    description: alertDescriptionSchema,
  })
  .strict()
  .superRefine((publication, ctx) => {
    for (const problem of [coverageProblem(publication.hsPrefixes ?? [], publication.categories ?? []), windowOrderProblem(publication.validFrom, publication.validUntil)]) {
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
    }
  });
export type AlertPublication = z.infer<typeof alertPublicationSchema>;

/** PATCH /alerts/{id}: from the version read; what is not named stays. */
export const alertChangeSchema = z
  .object({
    version: versionSchema,
    kind: alertKindSchema.optional(),
    countries: countriesSchema.optional(),
    hsPrefixes: hsPrefixesSchema.optional(),
    categories: categoriesSchema.optional(),
    measure: alertMeasureSchema.optional(),
    validFrom: timestampSchema.optional(),
    validUntil: timestampSchema.optional(),
    source: alertSourceSchema.optional(),
    description: alertDescriptionSchema.optional(),
  })
  .strict()
  .superRefine((change, ctx) => {
    if (Object.keys(change).every((k) => k === 'version')) ctx.addIssue({ code: 'custom', path: [], message: bilingual('没有要修改的内容', 'nothing to change') });
    const problem = windowOrderProblem(change.validFrom, change.validUntil);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });
export type AlertChangeRequest = z.infer<typeof alertChangeSchema>;

/** POST /alerts/{id}/approve: HQ approves what it read (absent: the alert as it is). */
export const alertApprovalSchema = z.object({ version: versionSchema.optional() }).strict();
export type AlertApproval = z.infer<typeof alertApprovalSchema>;

/** POST /alerts/{id}/reject and /withdraw: always with a reason, which the bureaus read. */
export const alertEndingSchema = z.object({ reason: reasonSchema, version: versionSchema.optional() }).strict();
export type AlertEnding = z.infer<typeof alertEndingSchema>;

/** Alert ids are ULIDs (or derived from an Idempotency-Key the same way): a 400, not a lookup, for anything else. */
export const alertIdSchema = z
  .string({ error: bilingual('预警编号须为字符串', 'id must be a string') })
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: bilingual('预警编号为 26 位 ULID', 'id is a 26-character ULID') });
export const alertPathSchema = z.object({ id: alertIdSchema });

/** Who acted on an alert; `system` for what its workflow does at `validFrom` and `validUntil`. */
export interface AlertActor {
  role: 'officer' | 'hq' | 'system';
  bureau?: BureauCode;
  subject: string;
}

export interface AlertRecord {
  id: string;
  kind: AlertKind;
  countries: string[];
  hsPrefixes: string[];
  categories: GoodsCategory[];
  measure: AlertMeasure;
  validFrom: string;
  validUntil: string;
  source: string;
  description: LocalisedText;
  status: AlertStatus;
  /** The bureau that raised it (HQ for HQ's own), and who. */
  bureau: BureauCode;
  publishedBy: AlertActor;
  /** Once in force (approved, or HQ's own): every caller may read it from then on. */
  published: boolean;
  approval?: { at: string; by: AlertActor };
  rejection?: { at: string; by: AlertActor; reason: string };
  withdrawal?: { at: string; by: AlertActor; reason: string };
  activatedAt?: string;
  expiredAt?: string;
  /** Published from an alert candidate (nonconformities of one country and HS heading). */
  fromCandidate?: { key: string; nonconformities: number; consignmentIds: string[] };
  /**
   * The execution that carries the alert's current timeline (notices, re-planning, the wait for
   * `validFrom` and `validUntil`); every change names a new one, and an older one that wakes finds
   * it is no longer current and stops. `startedAt` once it is known to run (the outbox relay starts
   * one a crash left unstarted).
   */
  effect?: { execution: string; event: AlertEvent; startedAt?: string };
  createdAt: string;
  updatedAt: string;
  /** Optimistic lock: every change moves it on by one; the history has one entry per version. */
  version: number;
}

/** What happened to an alert, as the history and the notices name it. */
export const ALERT_EVENTS = ['published', 'approved', 'rejected', 'changed', 'took-effect', 'expired', 'withdrawn'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export const ALERT_FIELDS = ['kind', 'countries', 'hsPrefixes', 'categories', 'measure', 'validFrom', 'validUntil', 'source', 'description', 'status'] as const;
export type AlertField = (typeof ALERT_FIELDS)[number];

/** One entry of an alert's audit history: who did what when, each field before and after. */
export interface AlertChange {
  version: number;
  at: string;
  by: AlertActor;
  action: AlertEvent;
  changes: Partial<Record<AlertField, { from?: unknown; to?: unknown }>>;
  reason?: string;
}

export type AlertProblem = { path: string; message: string };
export type AlertOutcome = { kind: 'invalid'; problems: AlertProblem[] } | { kind: 'unchanged' } | { kind: 'changed'; alert: AlertRecord; change: AlertChange };

const DAY_MS = 86_400_000;

/**
 * The window as it must be at `at` (publication, approval, change): it ends after `at`, after it
 * starts, and within MAX_ALERT_VALIDITY_DAYS of `at`.
 */
export function windowProblems(window: { validFrom: string; validUntil: string }, at: string): AlertProblem[] {
  const until = Date.parse(window.validUntil);
  const problems: AlertProblem[] = [];
  const order = windowOrderProblem(window.validFrom, window.validUntil);
  if (order) problems.push(order);
  if (until <= Date.parse(at)) problems.push({ path: 'validUntil', message: bilingual('截止时间已过', 'validUntil has passed') });
  else if (until - Date.parse(at) > MAX_ALERT_VALIDITY_DAYS * DAY_MS) {
    problems.push({
      path: 'validUntil',
      message: bilingual(`截止时间不超过 ${MAX_ALERT_VALIDITY_DAYS} 天之后（可在到期前延长）`, `validUntil is at most ${MAX_ALERT_VALIDITY_DAYS} days ahead (extend it before it ends)`),
    });
  }
  return problems;
}

/** In force from `validFrom`: active when that has come, scheduled until then. */
const inForce = (validFrom: string, at: string): AlertStatus => (Date.parse(validFrom) <= Date.parse(at) ? 'active' : 'scheduled');

/**
 * A validated publication as stored: HQ's is in force at once (or scheduled), a bureau's waits for
 * HQ. The window is checked against the moment of publication.
 */
export function publishAlert(
  publication: AlertPublication,
  meta: { id: string; at: string; by: AlertActor; bureau: BureauCode; fromCandidate?: AlertRecord['fromCandidate'] },
): AlertOutcome {
  const validFrom = normalised(publication.validFrom ?? meta.at);
  const validUntil = normalised(publication.validUntil);
  const problems = windowProblems({ validFrom, validUntil }, meta.at);
  if (problems.length > 0) return { kind: 'invalid', problems };
  const byHq = meta.by.role === 'hq';
  const status: AlertStatus = byHq ? inForce(validFrom, meta.at) : 'pending-approval';
  const alert: AlertRecord = {
    id: meta.id,
    kind: publication.kind,
    countries: [...publication.countries].sort(),
    hsPrefixes: publication.hsPrefixes ?? [],
    categories: publication.categories ?? [],
    measure: publication.measure,
    validFrom,
    validUntil,
    source: publication.source,
    description: publication.description,
    status,
    bureau: meta.bureau,
    publishedBy: meta.by,
    published: byHq,
    ...(byHq && { approval: { at: meta.at, by: meta.by } }),
    ...(status === 'active' && { activatedAt: meta.at }),
    ...(meta.fromCandidate && { fromCandidate: meta.fromCandidate }),
    createdAt: meta.at,
    updatedAt: meta.at,
    version: 1,
  };
  return { kind: 'changed', alert, change: { version: 1, at: meta.at, by: meta.by, action: 'published', changes: diff(undefined, alert) } };
}

/** HQ approves a bureau's alert: in force from its `validFrom`, if its window has not passed meanwhile. */
export function approveAlert(current: AlertRecord, meta: { at: string; by: AlertActor }): AlertOutcome {
  const problems = windowProblems(current, meta.at);
  if (problems.length > 0) return { kind: 'invalid', problems };
  const status = inForce(current.validFrom, meta.at);
  return next(current, meta, 'approved', {
    status,
    published: true,
    approval: { at: meta.at, by: meta.by },
    ...(status === 'active' && { activatedAt: meta.at }),
  });
}

export function rejectAlert(current: AlertRecord, reason: string, meta: { at: string; by: AlertActor }): AlertOutcome {
  return next(current, meta, 'rejected', { status: 'rejected', rejection: { at: meta.at, by: meta.by, reason } }, reason);
}

export function withdrawAlert(current: AlertRecord, reason: string, meta: { at: string; by: AlertActor }): AlertOutcome {
  return next(current, meta, 'withdrawn', { status: 'withdrawn', withdrawal: { at: meta.at, by: meta.by, reason } }, reason);
}

/**
 * A change from the version read. An alert in force keeps its start (a new start is a new alert);
 * a scheduled one whose start is moved to the past takes effect at once. The window is checked as
 * a whole, at the moment of the change; a change that changes nothing writes nothing.
 */
export function changeAlert(current: AlertRecord, request: AlertChangeRequest, meta: { at: string; by: AlertActor }): AlertOutcome {
  const { version: _version, validFrom, validUntil, countries, ...fields } = request;
  if (current.status === 'active' && validFrom !== undefined && normalised(validFrom) !== current.validFrom) {
    return { kind: 'invalid', problems: [{ path: 'validFrom', message: bilingual('已生效的预警不能修改生效时间', 'an alert in force keeps its validFrom') }] };
  }
  const window = { validFrom: validFrom === undefined ? current.validFrom : normalised(validFrom), validUntil: validUntil === undefined ? current.validUntil : normalised(validUntil) };
  const problems = windowProblems(window, meta.at);
  const coverage = coverageProblem(fields.hsPrefixes ?? current.hsPrefixes, fields.categories ?? current.categories);
  if (coverage) problems.push(coverage);
  if (problems.length > 0) return { kind: 'invalid', problems };
  const status = current.status === 'scheduled' ? inForce(window.validFrom, meta.at) : current.status;
  const outcome = next(current, meta, 'changed', {
    ...fields,
    ...(countries !== undefined && { countries: [...countries].sort() }),
    ...window,
    status,
    ...(status === 'active' && current.status !== 'active' && { activatedAt: meta.at }),
  });
  return outcome.kind === 'changed' && Object.keys(outcome.change.changes).length === 0 ? { kind: 'unchanged' } : outcome;
}

/** The workflow reached `validFrom` of a scheduled alert. */
export function activateAlert(current: AlertRecord, meta: { at: string; by: AlertActor }): AlertOutcome {
  return next(current, meta, 'took-effect', { status: 'active', activatedAt: meta.at });
}

/** The workflow reached `validUntil` of an active alert. */
export function expireAlert(current: AlertRecord, meta: { at: string; by: AlertActor }): AlertOutcome {
  return next(current, meta, 'expired', { status: 'expired', expiredAt: meta.at });
}

function next(current: AlertRecord, meta: { at: string; by: AlertActor }, action: AlertEvent, fields: Partial<AlertRecord>, reason?: string): AlertOutcome {
  const alert: AlertRecord = { ...current, ...fields, updatedAt: meta.at, version: current.version + 1 };
  const change: AlertChange = { version: alert.version, at: meta.at, by: meta.by, action, changes: diff(current, alert), ...(reason !== undefined && { reason }) };
  return { kind: 'changed', alert, change };
}

/** Stored times are UTC (`toISOString`): they sort as text and feed the workflow's Wait states as they are. */
function normalised(timestamp: string): string {
  return new Date(timestamp).toISOString();
}

function diff(before: AlertRecord | undefined, after: AlertRecord): AlertChange['changes'] {
  return fieldChanges(ALERT_FIELDS, before, after);
}
