import { describe, expect, it } from 'vitest';
import { FilterPolicyError, matchesFilterPolicy, parseFilterPolicy, type FilterPolicyScope, type MessageAttributeValue } from '#local/sns/filter-policy.ts';

const str = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
const num = (value: number): MessageAttributeValue => ({ DataType: 'Number', StringValue: String(value) });
const arr = (value: unknown[]): MessageAttributeValue => ({ DataType: 'String.Array', StringValue: JSON.stringify(value) });

function onAttributes(policy: object, attributes: Record<string, MessageAttributeValue>): boolean {
  return matchesFilterPolicy(parseFilterPolicy(JSON.stringify(policy), 'MessageAttributes'), 'MessageAttributes', { attributes, body: '' });
}
function onBody(policy: object, body: unknown): boolean {
  return matchesFilterPolicy(parseFilterPolicy(JSON.stringify(policy), 'MessageBody'), 'MessageBody', { attributes: {}, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
const invalid = (policy: unknown, scope: FilterPolicyScope = 'MessageAttributes') => () => parseFilterPolicy(JSON.stringify(policy), scope);

describe('SNS filter policies (AWS "Amazon SNS message filtering")', () => {
  it('exact string matching: any listed value matches, String.Array elements match one by one, case matters', () => {
    const policy = { customer_interests: ['rugby', 'tennis'] };
    expect(onAttributes(policy, { customer_interests: str('rugby') })).toBe(true);
    expect(onAttributes(policy, { customer_interests: arr(['baseball', 'tennis']) })).toBe(true);
    expect(onAttributes(policy, { customer_interests: str('baseball') })).toBe(false);
    expect(onAttributes(policy, { customer_interests: str('Rugby') })).toBe(false);
    expect(onAttributes(policy, {})).toBe(false);
  });

  it('AND across keys, OR within a key’s values', () => {
    const policy = { bureau: ['XJ', 'NM'], kind: ['alert'] };
    expect(onAttributes(policy, { bureau: str('NM'), kind: str('alert') })).toBe(true);
    expect(onAttributes(policy, { bureau: str('NM'), kind: str('notice') })).toBe(false);
    expect(onAttributes(policy, { bureau: str('NM') })).toBe(false);
  });

  it('numeric equality and ranges match Number attributes (3.015e2 equals 301.5), not String ones', () => {
    expect(onAttributes({ price_usd: [{ numeric: ['=', 301.5] }] }, { price_usd: num(3.015e2) })).toBe(true);
    expect(onAttributes({ price_usd: [{ numeric: ['>', 0, '<=', 150] }] }, { price_usd: num(150) })).toBe(true);
    expect(onAttributes({ price_usd: [{ numeric: ['>', 0, '<=', 150] }] }, { price_usd: num(150.5) })).toBe(false);
    expect(onAttributes({ price_usd: [{ numeric: ['>', 0] }] }, { price_usd: str('5') })).toBe(false);
    expect(onAttributes({ price_usd: [301.5] }, { price_usd: num(301.5) })).toBe(true);
  });

  it('prefix, suffix and equals-ignore-case', () => {
    expect(onAttributes({ port: [{ prefix: 'Alash' }] }, { port: str('Alashankou') })).toBe(true);
    expect(onAttributes({ port: [{ suffix: 'kou' }] }, { port: str('Alashankou') })).toBe(true);
    expect(onAttributes({ port: [{ suffix: 'hot' }] }, { port: str('Alashankou') })).toBe(false);
    expect(onAttributes({ port: [{ 'equals-ignore-case': 'KHORGOS' }] }, { port: str('Khorgos') })).toBe(true);
  });

  it('anything-but: the attribute must be present and none of its values excluded (lists, numbers, prefix, suffix)', () => {
    expect(onAttributes({ kind: [{ 'anything-but': ['test', 'debug'] }] }, { kind: str('alert') })).toBe(true);
    expect(onAttributes({ kind: [{ 'anything-but': ['test', 'debug'] }] }, { kind: str('debug') })).toBe(false);
    expect(onAttributes({ kind: [{ 'anything-but': 'test' }] }, {})).toBe(false);
    expect(onAttributes({ price: [{ 'anything-but': [100, 500] }] }, { price: num(101) })).toBe(true);
    expect(onAttributes({ price: [{ 'anything-but': [100, 500] }] }, { price: num(500) })).toBe(false);
    expect(onAttributes({ event: [{ 'anything-but': { prefix: 'order-' } }] }, { event: str('order-cancelled') })).toBe(false);
    expect(onAttributes({ event: [{ 'anything-but': { suffix: '-cancelled' } }] }, { event: str('order-created') })).toBe(true);
    expect(onAttributes({ tags: [{ 'anything-but': ['x'] }] }, { tags: arr(['a', 'x']) })).toBe(false);
  });

  it('exists: true needs the attribute, false needs its absence', () => {
    expect(onAttributes({ store: [{ exists: true }] }, { store: str('x') })).toBe(true);
    expect(onAttributes({ store: [{ exists: true }] }, {})).toBe(false);
    expect(onAttributes({ store: [{ exists: false }] }, {})).toBe(true);
    expect(onAttributes({ store: [{ exists: false }] }, { store: str('x') })).toBe(false);
  });

  it('Binary attributes match no value but do exist', () => {
    const binary: MessageAttributeValue = { DataType: 'Binary', BinaryValue: 'AAE=' };
    expect(onAttributes({ blob: ['AAE='] }, { blob: binary })).toBe(false);
    expect(onAttributes({ blob: [{ exists: true }] }, { blob: binary })).toBe(true);
  });

  it('IP address matching with cidr', () => {
    expect(onAttributes({ source_ip: [{ cidr: '10.0.0.0/24' }] }, { source_ip: str('10.0.0.255') })).toBe(true);
    expect(onAttributes({ source_ip: [{ cidr: '10.0.0.0/24' }] }, { source_ip: str('10.0.1.0') })).toBe(false);
  });

  it('$or combines alternative sub-policies; with fewer than two branches it is a plain key', () => {
    const policy = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] };
    expect(onAttributes(policy, { source: str('aws.cloudwatch'), namespace: str('AWS/EC2') })).toBe(true);
    expect(onAttributes(policy, { source: str('aws.cloudwatch'), namespace: str('AWS/S3') })).toBe(false);
    expect(onAttributes({ $or: ['x'] }, { $or: str('x') })).toBe(true);
  });

  it('MessageBody scope: nested keys, arrays of values and of objects, null and booleans', () => {
    const body = { consignment: { port: 'Erenhot', containers: [{ hazardous: true }, { hazardous: false }] }, bureaus: ['NM', 'HE'], note: null };
    expect(onBody({ consignment: { port: ['Erenhot'] } }, body)).toBe(true);
    expect(onBody({ consignment: { containers: { hazardous: [true] } } }, body)).toBe(true);
    expect(onBody({ bureaus: ['HE'] }, body)).toBe(true);
    expect(onBody({ note: [null] }, body)).toBe(true);
    expect(onBody({ consignment: { port: ['Manzhouli'] } }, body)).toBe(false);
    expect(onBody({ consignment: { weight: [{ exists: false }] } }, body)).toBe(true);
    expect(onBody({ bureaus: ['HE'] }, 'not json')).toBe(false);
  });

  it('rejects what SNS rejects: nested policies on attributes, unknown operators, bad ranges, too many keys or combinations', () => {
    expect(invalid({ a: { b: ['x'] } })).toThrow(FilterPolicyError);
    expect(invalid({ a: [{ wildcard: 'x*' }] })).toThrow(/Unrecognized match type/);
    expect(invalid({ a: [{ numeric: ['<', 5, '>', 1] }] })).toThrow(FilterPolicyError);
    expect(invalid({ a: [{ numeric: ['>', 5, '<', 1] }] })).toThrow(/Bottom must be less than top/);
    expect(invalid({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] })).toThrow(/more than 5 keys/);
    const thirteen = Array.from({ length: 13 }, (_, i) => String(i));
    expect(invalid({ a: thirteen, b: thirteen })).toThrow(/too complex/);
    expect(invalid([1, 2])).toThrow(FilterPolicyError);
    expect(parseFilterPolicy('{}', 'MessageAttributes')).toBeUndefined();
    expect(parseFilterPolicy(JSON.stringify({ a: { b: ['x'] } }), 'MessageBody')).toEqual({ a: { b: ['x'] } });
  });
});
