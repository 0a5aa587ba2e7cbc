/** What an audited change did to each field it touched: absent `from` = added, absent `to` = removed. */
export type FieldChanges<Field extends string> = Partial<Record<Field, { from?: unknown; to?: unknown }>>;

/** The fields that differ between two versions of a record (the history entry of a change). */
export function fieldChanges<Field extends string>(
  fields: readonly Field[],
  before: Partial<Record<Field, unknown>> | undefined,
  after: Partial<Record<Field, unknown>>,
): FieldChanges<Field> {
  const changes: FieldChanges<Field> = {};
  for (const field of fields) {
    const from = before?.[field];
    const to = after[field];
    if (sameValue(from, to)) continue;
    changes[field] = { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
  }
  return changes;
}

/** Deep equality of plain JSON values; object keys in any order (DynamoDB keeps no map order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => key in right && sameValue(left[key], right[key]));
}
