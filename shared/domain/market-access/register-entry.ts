import { z } from 'zod';
import { fieldChanges, type FieldChanges } from '../field-changes.ts';
import { MAX_WITHDRAWAL_REASON_LENGTH, tooLong } from '../limits.ts';
import { bilingual } from '../text.ts';
import type { Actor } from '../train.ts';

/**
 * What the registers HQ and bureaus keep for 408号 三（三）、（五） have in common (market access,
 * designated sites, going-out risk assessments): an entry changes only from the version its editor
 * read, is withdrawn with a reason and never deleted, and each version has one audit entry that
 * says who changed which field from what to what, as the register of recognised bodies does.
 */
export const REGISTER_STATUSES = ['active', 'withdrawn'] as const;
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];
export const registerStatusSchema = z.enum(REGISTER_STATUSES, {
  error: bilingual('状态须为 active 或 withdrawn', 'status must be active or withdrawn'),
});

export const versionSchema = z
  .number({ error: bilingual('版本号须为整数', 'version must be an integer') })
  .int({ error: bilingual('版本号须为整数', 'version must be an integer') })
  // 0: a shipped entry nobody has changed yet (the seed of designated sites).
  .nonnegative({ error: bilingual('版本号不能为负数', 'version must not be negative') });

export const text = (zh: string, en: string, max: number) =>
  z
    .string({ error: bilingual(`${zh}须为字符串`, `${en} must be a string`) })
    .trim()
    .min(1, { error: bilingual(`${zh}不能为空`, `${en} must not be empty`) })
    .max(max, { error: tooLong(zh, en, max) });

/** POST …/{id}/withdraw of every register. */
export const withdrawalSchema = z
  .object({
    reason: text('撤销原因', 'reason', MAX_WITHDRAWAL_REASON_LENGTH),
    /** The version read; absent: whatever the entry is now, as long as it is still active. */
    version: versionSchema.optional(),
  })
  .strict();
export type Withdrawal = z.infer<typeof withdrawalSchema>;

/** The bookkeeping every entry carries beside its own fields. */
export interface EntryMeta {
  id: string;
  status: RegisterStatus;
  /** Set once, when the entry is withdrawn; a withdrawn entry is not changed again. */
  withdrawal?: { at: string; by: Actor; reason: string };
  registeredBy: Actor;
  createdAt: string;
  updatedAt: string;
  /** Optimistic lock: every change moves it on by one; the history has one entry per version. */
  version: number;
}

export interface EntryChange<Field extends string> {
  /** The version the change produced (the registration is version 1). */
  version: number;
  at: string;
  by: Actor;
  action: 'registered' | 'changed' | 'withdrawn';
  changes: FieldChanges<Field>;
  reason?: string;
}

export type EntryChangeOutcome<Entry, Field extends string> =
  | { kind: 'invalid'; problems: Array<{ path: string; message: string }> }
  | { kind: 'unchanged' }
  | { kind: 'changed'; entry: Entry; change: EntryChange<Field> };

/** The stored entry of a validated registration, and the first entry of its history. */
export function registerEntry<Fields extends { id: string }, Field extends string>(
  fields: Fields,
  meta: { at: string; by: Actor },
  audited: readonly Field[],
): { entry: Fields & EntryMeta; change: EntryChange<Field> } {
  const entry = { ...fields, status: 'active' as const, registeredBy: meta.by, createdAt: meta.at, updatedAt: meta.at, version: 1 };
  return { entry, change: { version: 1, at: meta.at, by: meta.by, action: 'registered', changes: fieldChanges(audited, undefined, entry as Partial<Record<Field, unknown>>) } };
}

/**
 * A change applied to the entry read: `null` takes an optional field away, `undefined` leaves it;
 * `validate` checks the entry as a whole (a change may move one end of a validity window), and a
 * change that changes nothing writes nothing.
 */
export function changeEntry<Entry extends EntryMeta, Field extends string>(
  current: Entry,
  patch: Record<string, unknown>,
  meta: { at: string; by: Actor },
  audited: readonly Field[],
  validate: (next: Entry) => Array<{ path: string; message: string }> = () => [],
): EntryChangeOutcome<Entry, Field> {
  const next = { ...current, updatedAt: meta.at, version: current.version + 1 } as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'version' || value === undefined) continue;
    if (value === null) delete next[field];
    else next[field] = value;
  }
  const entry = next as Entry;
  const problems = validate(entry);
  if (problems.length > 0) return { kind: 'invalid', problems };
  const changes = fieldChanges(audited, current as unknown as Partial<Record<Field, unknown>>, entry as unknown as Partial<Record<Field, unknown>>);
  if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
  return { kind: 'changed', entry, change: { version: entry.version, at: meta.at, by: meta.by, action: 'changed', changes } };
}

/** The entry withdrawn: it counts no longer, from this moment. */
export function withdrawEntry<Entry extends EntryMeta, Field extends string>(
  current: Entry,
  reason: string,
  meta: { at: string; by: Actor },
  audited: readonly Field[],
): { entry: Entry; change: EntryChange<Field> } {
  const entry: Entry = { ...current, status: 'withdrawn', withdrawal: { at: meta.at, by: meta.by, reason }, updatedAt: meta.at, version: current.version + 1 };
  const changes = fieldChanges(audited, current as unknown as Partial<Record<Field, unknown>>, entry as unknown as Partial<Record<Field, unknown>>);
  return { entry, change: { version: entry.version, at: meta.at, by: meta.by, action: 'withdrawn', changes, reason } };
}

/** Whether the entry is in force at `at` (active, inside its validity window). */
export function inForce(entry: { status: RegisterStatus; validFrom: string; validUntil?: string | undefined }, at: string): boolean {
  const t = Date.parse(at);
  return entry.status === 'active' && Date.parse(entry.validFrom) <= t && (entry.validUntil === undefined || t < Date.parse(entry.validUntil));
}

export const validityProblem = (from: string | undefined, until: string | undefined) =>
  from !== undefined && until !== undefined && Date.parse(until) <= Date.parse(from)
    ? [{ path: 'validUntil', message: bilingual('截止时间须晚于起始时间', 'validUntil must be after validFrom') }]
    : [];

/** A registration's validity window, checked in its schema as `changeEntry` checks a changed entry. */
export function refineValidity(window: { validFrom?: string | undefined; validUntil?: string | undefined }, ctx: z.RefinementCtx): void {
  for (const problem of validityProblem(window.validFrom, window.validUntil)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
}

/** A PATCH that names nothing but the version it was made from is refused rather than written as a no-op. */
export function refineSomethingToChange(change: object, ctx: z.RefinementCtx): void {
  if (Object.keys(change).every((k) => k === 'version')) ctx.addIssue({ code: 'custom', path: [], message: bilingual('没有要修改的内容', 'nothing to change') });
}

/** An entry as a caller other than HQ sees it: who at HQ or a bureau edited it stays with them. */
export function publicEntry<Entry extends EntryMeta>(entry: Entry) {
  const { registeredBy: _by, withdrawal, ...visible } = entry;
  return { ...visible, ...(withdrawal && { withdrawal: { at: withdrawal.at, reason: withdrawal.reason } }) };
}

/** Register ids HQ chooses: upper-case letters, digits and hyphens, e.g. `PORK-DE` or `CQ-MEAT`. */
export const registerIdSchema = (zh: string, en: string, example: string) =>
  z
    .string({ error: bilingual(`${zh}须为字符串`, `${en} must be a string`) })
    .trim()
    .max(40, { error: tooLong(zh, en, 40), abort: true })
    .regex(/^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$/, {
      error: bilingual(`${zh}为大写字母、数字和连字符，例如 ${example}`, `${en} is upper-case letters, digits and hyphens, e.g. ${example}`),
    });
