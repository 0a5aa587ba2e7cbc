import { z } from 'zod';
import { goodsCategorySchema, type GoodsCategory } from '../codes.ts';
import {
  MAX_ACCREDITATION_BODY_LENGTH,
  MAX_ACCREDITATION_NUMBER_LENGTH,
  MAX_CERTIFICATE_BODY_ID_LENGTH,
  MAX_PARTY_NAME_LENGTH,
  MAX_RECOGNITION_SCOPE,
  MAX_WITHDRAWAL_REASON_LENGTH,
  tooLong,
  tooMany,
} from '../limits.ts';
import type { RecognisedBody } from '../policy/context.ts';
import { bilingual } from '../text.ts';
import type { Actor } from '../train.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { hsPrefixSchema } from '../validators/hs-code.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { fieldChanges } from '../field-changes.ts';

/**
 * The register of foreign third-party inspection, testing and certification bodies whose results
 * the inspection authority accepts (408号 三（八）, DOMAIN.md §9). HQ keeps it; a filing cites a
 * body by its id in `thirdPartyCertificates[].bodyId`, so the id is the short code declarants
 * write (`SGS-CH`), chosen by HQ and never reused for another body.
 */
export const recognisedBodyIdSchema = z
  .string({ error: bilingual('机构编号须为字符串', 'id must be a string') })
  .trim()
  .max(MAX_CERTIFICATE_BODY_ID_LENGTH, { error: tooLong('机构编号', 'id', MAX_CERTIFICATE_BODY_ID_LENGTH), abort: true })
  .regex(/^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$/, {
    error: bilingual('机构编号为大写字母、数字和连字符，例如 SGS-CH', 'id is upper-case letters, digits and hyphens, e.g. SGS-CH'),
  });

/** `{id}` of the `/recognised-bodies/{id}` routes: an id the register could not hold is a 400, not a lookup. */
export const recognisedBodyPathSchema = z.object({ id: recognisedBodyIdSchema });

const text = (zh: string, en: string, max: number) =>
  z
    .string({ error: bilingual(`${zh}须为字符串`, `${en} must be a string`) })
    .trim()
    .min(1, { error: bilingual(`${zh}不能为空`, `${en} must not be empty`) })
    .max(max, { error: tooLong(zh, en, max) });

/** Who accredited the body for the work it is recognised for, e.g. `{ body: 'SAS', number: 'SCESp 0030' }`. */
export const accreditationSchema = z
  .object({
    body: text('认可机构', 'accreditation body', MAX_ACCREDITATION_BODY_LENGTH),
    number: text('认可证书编号', 'accreditation number', MAX_ACCREDITATION_NUMBER_LENGTH),
  })
  .strict();
export type Accreditation = z.infer<typeof accreditationSchema>;

/**
 * What the recognition covers: HS chapters or longer prefixes, and goods categories. A goods line
 * is in scope when a prefix covers its HS code or it has one of the categories. At least one of
 * either: a recognition "for everything" is not something HQ grants.
 */
export const recognitionScopeSchema = z
  .object({
    hsPrefixes: z
      .array(hsPrefixSchema, { error: bilingual('HS 编码前缀须为数组', 'hsPrefixes must be an array') })
      .max(MAX_RECOGNITION_SCOPE, { error: tooMany('认可范围的 HS 编码或章', 'HS prefixes in a scope', MAX_RECOGNITION_SCOPE) })
      .optional(),
    categories: z
      .array(goodsCategorySchema, { error: bilingual('货物类别须为数组', 'categories must be an array') })
      .optional(),
  })
  .strict()
  .superRefine((scope, ctx) => {
    if ((scope.hsPrefixes?.length ?? 0) + (scope.categories?.length ?? 0) === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: bilingual('认可范围至少包含一个 HS 编码前缀或货物类别', 'the scope needs at least one HS prefix or goods category'),
      });
    }
    for (const [field, values] of [['hsPrefixes', scope.hsPrefixes ?? []], ['categories', scope.categories ?? []]] as const) {
      if (new Set<string>(values).size !== values.length) {
        ctx.addIssue({ code: 'custom', path: [field], message: bilingual('认可范围有重复项', 'the scope repeats an entry') });
      }
    }
  })
  .transform((scope): RecognitionScope => ({ hsPrefixes: scope.hsPrefixes ?? [], categories: scope.categories ?? [] }));

export interface RecognitionScope {
  hsPrefixes: string[];
  categories: GoodsCategory[];
}

const validityProblem = (from: string, until: string | undefined) =>
  until !== undefined && Date.parse(until) <= Date.parse(from)
    ? { path: 'recognisedUntil', message: bilingual('认可截止时间须晚于起始时间', 'recognisedUntil must be after recognisedFrom') }
    : undefined;

/** POST /recognised-bodies. */
export const recognisedBodyRegistrationSchema = z
  .object({
    id: recognisedBodyIdSchema,
    name: text('机构名称', 'name', MAX_PARTY_NAME_LENGTH),
    country: countryCodeSchema,
    accreditation: accreditationSchema,
    scope: recognitionScopeSchema,
    recognisedFrom: timestampSchema,
    /** Absent: recognised until HQ withdraws it. */
    recognisedUntil: timestampSchema.optional(),
  })
  .strict()
  .superRefine((registration, ctx) => {
    const problem = validityProblem(registration.recognisedFrom, registration.recognisedUntil);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });
export type RecognisedBodyRegistration = z.infer<typeof recognisedBodyRegistrationSchema>;

/**
 * PATCH /recognised-bodies/{id}: HQ changes what it recognised, from the version it read (a
 * change made meanwhile by someone else is refused, not overwritten). `recognisedUntil: null`
 * makes the recognition open-ended again.
 */
export const recognisedBodyChangeSchema = z
  .object({
    version: z
      .number({ error: bilingual('版本号须为整数', 'version must be an integer') })
      .int({ error: bilingual('版本号须为整数', 'version must be an integer') })
      .positive({ error: bilingual('版本号须大于 0', 'version must be positive') }),
    name: text('机构名称', 'name', MAX_PARTY_NAME_LENGTH).optional(),
    accreditation: accreditationSchema.optional(),
    scope: recognitionScopeSchema.optional(),
    recognisedFrom: timestampSchema.optional(),
    recognisedUntil: timestampSchema.nullable().optional(),
  })
  .strict()
  .superRefine((change, ctx) => {
    if (Object.keys(change).every((k) => k === 'version')) {
      ctx.addIssue({ code: 'custom', path: [], message: bilingual('没有要修改的内容', 'nothing to change') });
    }
    if (change.recognisedFrom !== undefined) {
      const problem = validityProblem(change.recognisedFrom, change.recognisedUntil ?? undefined);
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
    }
  });
export type RecognisedBodyChange = z.infer<typeof recognisedBodyChangeSchema>;

/** POST /recognised-bodies/{id}/withdraw. */
export const recognitionWithdrawalSchema = z
  .object({
    reason: text('撤销原因', 'reason', MAX_WITHDRAWAL_REASON_LENGTH),
    /** The version HQ read; absent: whatever the body is now, as long as it is still active. */
    version: z
      .number({ error: bilingual('版本号须为整数', 'version must be an integer') })
      .int({ error: bilingual('版本号须为整数', 'version must be an integer') })
      .positive({ error: bilingual('版本号须大于 0', 'version must be positive') })
      .optional(),
  })
  .strict();
export type RecognitionWithdrawal = z.infer<typeof recognitionWithdrawalSchema>;

export const RECOGNITION_STATUSES = ['active', 'withdrawn'] as const;
export type RecognitionStatus = (typeof RECOGNITION_STATUSES)[number];
export const recognitionStatusSchema = z.enum(RECOGNITION_STATUSES, {
  error: bilingual('状态须为 active 或 withdrawn', 'status must be active or withdrawn'),
});

export interface RecognisedBodyRecord {
  id: string;
  name: string;
  country: string;
  accreditation: Accreditation;
  scope: RecognitionScope;
  recognisedFrom: string;
  recognisedUntil?: string;
  status: RecognitionStatus;
  /** Set once, when HQ withdraws the recognition; a withdrawn body is not changed again. */
  withdrawal?: { at: string; by: Actor; reason: string };
  registeredBy: Actor;
  createdAt: string;
  updatedAt: string;
  /** Optimistic lock: every change moves it on by one; the history has one entry per version. */
  version: number;
}

/** The fields HQ maintains, as the history names them. */
export const RECOGNISED_BODY_FIELDS = ['name', 'country', 'accreditation', 'scope', 'recognisedFrom', 'recognisedUntil', 'status'] as const;
export type RecognisedBodyField = (typeof RECOGNISED_BODY_FIELDS)[number];

/**
 * One entry of a body's audit history: who did what to it when, with each field's value before
 * and after, so the history alone tells what the register said at any version.
 */
export interface RecognitionChange {
  /** The version the change produced (the registration is version 1). */
  version: number;
  at: string;
  by: Actor;
  action: 'registered' | 'changed' | 'withdrawn';
  changes: Partial<Record<RecognisedBodyField, { from?: unknown; to?: unknown }>>;
  reason?: string;
}

/** The stored body of a validated registration, and the first entry of its history. */
export function registerRecognisedBody(
  registration: RecognisedBodyRegistration,
  meta: { at: string; by: Actor },
): { body: RecognisedBodyRecord; change: RecognitionChange } {
  const body: RecognisedBodyRecord = {
    ...registration,
    status: 'active',
    registeredBy: meta.by,
    createdAt: meta.at,
    updatedAt: meta.at,
    version: 1,
  };
  return { body, change: { version: 1, at: meta.at, by: meta.by, action: 'registered', changes: diff(undefined, body) } };
}

export type ChangeOutcome =
  | { kind: 'invalid'; problems: Array<{ path: string; message: string }> }
  | { kind: 'unchanged' }
  | { kind: 'changed'; body: RecognisedBodyRecord; change: RecognitionChange };

/**
 * HQ's change applied to the body it read: the validity window is checked as a whole (the
 * change may move only one end), and a change that changes nothing writes nothing.
 */
export function changeRecognisedBody(current: RecognisedBodyRecord, change: RecognisedBodyChange, meta: { at: string; by: Actor }): ChangeOutcome {
  const { version: _version, recognisedUntil, ...fields } = change;
  const next: RecognisedBodyRecord = { ...current, ...fields, updatedAt: meta.at, version: current.version + 1 };
  if (recognisedUntil === null) delete next.recognisedUntil;
  else if (recognisedUntil !== undefined) next.recognisedUntil = recognisedUntil;
  const problem = validityProblem(next.recognisedFrom, next.recognisedUntil);
  if (problem) return { kind: 'invalid', problems: [problem] };
  const changes = diff(current, next);
  if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
  return { kind: 'changed', body: next, change: { version: next.version, at: meta.at, by: meta.by, action: 'changed', changes } };
}

/** The body withdrawn: its results count no longer, from this moment. */
export function withdrawRecognisedBody(current: RecognisedBodyRecord, reason: string, meta: { at: string; by: Actor }): { body: RecognisedBodyRecord; change: RecognitionChange } {
  const body: RecognisedBodyRecord = {
    ...current,
    status: 'withdrawn',
    withdrawal: { at: meta.at, by: meta.by, reason },
    updatedAt: meta.at,
    version: current.version + 1,
  };
  return { body, change: { version: body.version, at: meta.at, by: meta.by, action: 'withdrawn', changes: diff(current, body), reason } };
}

/** The register's entry as the routing policy reads it (`InspectionContext.recognisedBodies`). */
export function policyViewOf(body: RecognisedBodyRecord): RecognisedBody {
  return {
    id: body.id,
    name: body.name,
    country: body.country,
    ...(body.scope.hsPrefixes.length > 0 && { scope: body.scope.hsPrefixes }),
    ...(body.scope.categories.length > 0 && { categories: body.scope.categories }),
    recognisedFrom: body.recognisedFrom,
    ...(body.recognisedUntil !== undefined && { recognisedUntil: body.recognisedUntil }),
    ...(body.withdrawal && { withdrawn: { at: body.withdrawal.at, reason: body.withdrawal.reason } }),
  };
}

function diff(before: RecognisedBodyRecord | undefined, after: RecognisedBodyRecord): RecognitionChange['changes'] {
  return fieldChanges(RECOGNISED_BODY_FIELDS, before, after);
}
