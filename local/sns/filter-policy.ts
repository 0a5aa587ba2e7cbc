/**
 * SNS subscription filter policies, as documented for Amazon SNS message filtering:
 * - scope `MessageAttributes` (default): a flat policy over message attributes of type String,
 *   String.Array and Number (Binary attributes exist but match no value);
 * - scope `MessageBody`: the body must be a JSON object; policies may nest to reach nested keys.
 * Keys are ANDed; the values listed for a key are ORed; `"$or": [{...}, {...}]` ORs sub-policies.
 * Value matchers: exact string, number (numeric equality), `prefix`, `suffix`,
 * `equals-ignore-case`, `anything-but` (value, list, `prefix` or `suffix`), `numeric` ranges,
 * `exists`, IPv4 `cidr`.
 */
export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';
export type FilterPolicy = Record<string, unknown>;

export class FilterPolicyError extends Error {}

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

type Candidate = string | number | boolean | null;

const MAX_COMBINATIONS = 150;
const MAX_KEYS = 5;
const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `$or` is an operator only when it holds at least two sub-policies; otherwise it is a plain key. */
const isOrClause = (key: string, value: unknown): value is Array<Record<string, unknown>> =>
  key === '$or' && Array.isArray(value) && value.length >= 2 && value.every(isPlainObject);

// ---- validation ---------------------------------------------------------------------------

function fail(reason: string): never {
  throw new FilterPolicyError(`Invalid parameter: FilterPolicy: ${reason}`);
}

function validateNumeric(operand: unknown): void {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) fail('Value of numeric must be an array of one or two operator/number pairs');
  for (let i = 0; i < operand.length; i += 2) {
    if (typeof operand[i] !== 'string' || !NUMERIC_OPERATORS.has(operand[i] as string)) fail(`Unrecognized numeric range operator: ${String(operand[i])}`);
    if (typeof operand[i + 1] !== 'number') fail('Value of numeric operator must be numeric');
    if (Math.abs(operand[i + 1] as number) > 1e9) fail('Numeric values must be between -1000000000 and 1000000000');
  }
  if (operand.length === 4) {
    const [lowOp, low, highOp, high] = operand as [string, number, string, number];
    if (!['>', '>='].includes(lowOp) || !['<', '<='].includes(highOp)) fail('Bad numeric range operator');
    if (!(low < high)) fail('Bottom must be less than top');
  }
}

function validateCondition(condition: unknown): void {
  if (condition === null || ['string', 'number', 'boolean'].includes(typeof condition)) return;
  if (!isPlainObject(condition)) fail('Match value must be String, number, true, false, or null');
  const entries = Object.entries(condition);
  if (entries.length !== 1) fail('Only one key allowed in match expression');
  const [operator, operand] = entries[0] as [string, unknown];
  switch (operator) {
    case 'prefix':
    case 'suffix':
      if (typeof operand !== 'string') fail(`${operator} match pattern must be a string`);
      return;
    case 'equals-ignore-case':
      if (typeof operand !== 'string') fail('equals-ignore-case match pattern must be a string');
      return;
    case 'exists':
      if (typeof operand !== 'boolean') fail('exists match pattern must be either true or false.');
      return;
    case 'numeric':
      validateNumeric(operand);
      return;
    case 'cidr':
      if (typeof operand !== 'string' || !/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(operand)) fail('Malformed CIDR, one \'/\' required');
      return;
    case 'anything-but': {
      if (typeof operand === 'string' || typeof operand === 'number') return;
      if (Array.isArray(operand)) {
        if (operand.length === 0 || !operand.every((v) => typeof v === 'string' || typeof v === 'number')) fail('Value of anything-but must be an array or single string/number value.');
        return;
      }
      if (isPlainObject(operand)) {
        const [inner, value] = (Object.entries(operand)[0] ?? []) as [string | undefined, unknown];
        if (Object.keys(operand).length === 1 && (inner === 'prefix' || inner === 'suffix') && typeof value === 'string') return;
        fail('Unsupported anything-but pattern');
      }
      fail('Value of anything-but must be an array or single string/number value.');
      break;
    }
    default:
      fail(`Unrecognized match type ${operator}`);
  }
}

/** The number of value combinations, as SNS limits policy complexity; also checks structure. */
function validateRules(policy: FilterPolicy, scope: FilterPolicyScope, leafKeys: Set<string>, path: string): number {
  let combinations = 1;
  for (const [key, rule] of Object.entries(policy)) {
    if (isOrClause(key, rule)) {
      combinations *= rule.reduce((sum, branch) => sum + validateRules(branch, scope, leafKeys, path), 0);
      continue;
    }
    if (Array.isArray(rule)) {
      if (rule.length === 0) fail(`Empty arrays are not allowed (key ${path}${key})`);
      rule.forEach(validateCondition);
      leafKeys.add(`${path}${key}`);
      combinations *= rule.length;
    } else if (isPlainObject(rule)) {
      if (scope === 'MessageAttributes') fail('Filter policy scope MessageAttributes does not support nested filter policy');
      combinations *= validateRules(rule, scope, leafKeys, `${path}${key}.`);
    } else {
      fail(`"${key}" must be an object or an array`);
    }
  }
  return combinations;
}

/** Parses and checks a FilterPolicy attribute; `{}` or an empty string means "no filter". */
export function parseFilterPolicy(json: string, scope: FilterPolicyScope): FilterPolicy | undefined {
  if (json.trim() === '') return undefined;
  let policy: unknown;
  try {
    policy = JSON.parse(json);
  } catch {
    fail('failed to parse JSON.');
  }
  if (!isPlainObject(policy)) fail('Filter policy must be a JSON object');
  const leafKeys = new Set<string>();
  const combinations = validateRules(policy, scope, leafKeys, '');
  if (!Object.keys(policy).includes('$or') && leafKeys.size > MAX_KEYS) fail(`Filter policy can not have more than ${MAX_KEYS} keys`);
  if (combinations > MAX_COMBINATIONS) fail(`Filter policy is too complex (${combinations} combinations, at most ${MAX_COMBINATIONS})`);
  return Object.keys(policy).length === 0 ? undefined : policy;
}

export function parseFilterPolicyScope(value: string | undefined): FilterPolicyScope {
  if (value === undefined || value === '' || value === 'MessageAttributes') return 'MessageAttributes';
  if (value === 'MessageBody') return 'MessageBody';
  throw new FilterPolicyError('Invalid parameter: FilterPolicyScope: Invalid filter policy scope, it must be either MessageAttributes or MessageBody');
}

// ---- matching -----------------------------------------------------------------------------

const sameNumber = (a: number, b: number) => Math.round(a * 1e5) === Math.round(b * 1e5);

function ipv4(value: string): number | undefined {
  const parts = value.split('.');
  if (parts.length !== 4) return undefined;
  let result = 0;
  for (const part of parts) {
    const n = Number(part);
    if (!/^\d{1,3}$/.test(part) || n > 255) return undefined;
    result = result * 256 + n;
  }
  return result;
}

function inCidr(value: string, cidr: string): boolean {
  const [network = '', bits = '32'] = cidr.split('/');
  const address = ipv4(value);
  const base = ipv4(network);
  if (address === undefined || base === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(address / size) === Math.floor(base / size);
}

function numericHolds(value: number, operand: unknown[]): boolean {
  for (let i = 0; i < operand.length; i += 2) {
    const target = operand[i + 1] as number;
    const ok = { '=': sameNumber(value, target), '<': value < target, '<=': value <= target, '>': value > target, '>=': value >= target }[operand[i] as string];
    if (!ok) return false;
  }
  return true;
}

function excludedBy(candidate: Candidate, operand: unknown): boolean {
  if (isPlainObject(operand)) {
    if (typeof candidate !== 'string') return false;
    if (typeof operand.prefix === 'string') return candidate.startsWith(operand.prefix);
    if (typeof operand.suffix === 'string') return candidate.endsWith(operand.suffix);
    return false;
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  return excluded.some((e) => (typeof e === 'number' && typeof candidate === 'number' ? sameNumber(e, candidate) : e === candidate));
}

function matchesCondition(condition: unknown, present: boolean, candidates: Candidate[]): boolean {
  if (!isPlainObject(condition)) {
    if (typeof condition === 'number') return candidates.some((c) => typeof c === 'number' && sameNumber(c, condition));
    return candidates.some((c) => c === condition);
  }
  const [operator, operand] = Object.entries(condition)[0] as [string, unknown];
  const strings = candidates.filter((c): c is string => typeof c === 'string');
  switch (operator) {
    case 'exists':
      return operand === present;
    case 'prefix':
      return strings.some((s) => s.startsWith(operand as string));
    case 'suffix':
      return strings.some((s) => s.endsWith(operand as string));
    case 'equals-ignore-case':
      return strings.some((s) => s.toLowerCase() === (operand as string).toLowerCase());
    case 'numeric':
      return candidates.some((c) => typeof c === 'number' && numericHolds(c, operand as unknown[]));
    case 'cidr':
      return strings.some((s) => inCidr(s, operand as string));
    case 'anything-but':
      // The attribute must be there, and none of its values may be excluded.
      return present && candidates.length > 0 && candidates.every((c) => !excludedBy(c, operand));
    default:
      return false;
  }
}

function attributeCandidates(attribute: MessageAttributeValue): Candidate[] {
  const { DataType, StringValue } = attribute;
  if (DataType.startsWith('Binary') || StringValue === undefined) return [];
  if (DataType === 'String.Array') {
    try {
      const parsed: unknown = JSON.parse(StringValue);
      return Array.isArray(parsed) ? parsed.filter((v): v is Candidate => v === null || ['string', 'number', 'boolean'].includes(typeof v)) : [];
    } catch {
      return [];
    }
  }
  if (DataType.startsWith('Number')) {
    const n = Number(StringValue);
    return Number.isFinite(n) ? [n] : [];
  }
  return [StringValue];
}

function matchesAttributes(policy: FilterPolicy, attributes: Record<string, MessageAttributeValue>): boolean {
  return Object.entries(policy).every(([key, rule]) => {
    if (isOrClause(key, rule)) return rule.some((branch) => matchesAttributes(branch, attributes));
    const attribute = attributes[key];
    const candidates = attribute ? attributeCandidates(attribute) : [];
    return (rule as unknown[]).some((condition) => matchesCondition(condition, attribute !== undefined, candidates));
  });
}

function bodyCandidates(value: unknown): Candidate[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is Candidate => v === null || ['string', 'number', 'boolean'].includes(typeof v));
}

function matchesBody(policy: FilterPolicy, body: Record<string, unknown>): boolean {
  return Object.entries(policy).every(([key, rule]) => {
    if (isOrClause(key, rule)) return rule.some((branch) => matchesBody(branch, body));
    const value = body[key];
    if (isPlainObject(rule)) {
      // A nested policy applies to a nested object, or to any object of an array of objects.
      const nested = Array.isArray(value) ? value.filter(isPlainObject) : isPlainObject(value) ? [value] : [];
      return nested.length > 0 ? nested.some((n) => matchesBody(rule, n)) : matchesBody(rule, {});
    }
    const present = Object.hasOwn(body, key) && value !== undefined;
    const candidates = bodyCandidates(value);
    return (rule as unknown[]).some((condition) => matchesCondition(condition, present, candidates));
  });
}

/** Whether a subscription with this policy receives the message. */
export function matchesFilterPolicy(
  policy: FilterPolicy | undefined,
  scope: FilterPolicyScope,
  message: { attributes: Record<string, MessageAttributeValue>; body: string },
): boolean {
  if (!policy) return true;
  if (scope === 'MessageAttributes') return matchesAttributes(policy, message.attributes);
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    return false;
  }
  return isPlainObject(body) && matchesBody(policy, body);
}
