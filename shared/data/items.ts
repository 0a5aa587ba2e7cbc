import { KEY_ATTRIBUTES } from './keys.ts';

/** Drops the table's own attributes (keys, GSI keys, entity tag and any extras) from an item. */
export function withoutKeys(item: Record<string, unknown>, extra: readonly string[] = []): Record<string, unknown> {
  const drop = new Set<string>([...KEY_ATTRIBUTES, ...extra]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => !drop.has(name)));
}

/**
 * Builds `SET #a0 = :a0, ...` for top-level attributes. Undefined values are skipped: the data
 * layer never writes `undefined`, and removal is explicit.
 */
export function setClauses(
  values: Record<string, unknown>,
  prefix: string,
): { clauses: string[]; names: Record<string, string>; values: Record<string, unknown> } {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const expressionValues: Record<string, unknown> = {};
  Object.entries(values).forEach(([name, value], i) => {
    if (value === undefined) return;
    names[`#${prefix}${i}`] = name;
    expressionValues[`:${prefix}${i}`] = value;
    clauses.push(`#${prefix}${i} = :${prefix}${i}`);
  });
  return { clauses, names, values: expressionValues };
}
