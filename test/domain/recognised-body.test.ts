import { describe, expect, it } from 'vitest';
import {
  changeRecognisedBody,
  policyViewOf,
  recognisedBodyChangeSchema,
  recognisedBodyRegistrationSchema,
  registerRecognisedBody,
  withdrawRecognisedBody,
} from '#shared/domain/recognition/recognised-body.ts';

const HQ = { bureau: 'HQ' as const, subject: 'hq-1' };
const AT = '2024-05-01T00:00:00.000Z';
const REGISTRATION = {
  id: 'SGS-CH',
  name: 'SGS SA',
  country: 'ch',
  accreditation: { body: 'SAS', number: 'SCESp 0030' },
  scope: { hsPrefixes: ['84.71'] },
  recognisedFrom: '2024-01-01T00:00:00+01:00',
  recognisedUntil: '2026-01-01T00:00:00+01:00',
};
const fieldsOf = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) => (result.error?.issues ?? []).map((i) => i.path.join('.')).sort();

describe('the register of recognised bodies (§9)', () => {
  it('normalises a registration: country upper case, HS prefixes digits only, both scope lists present', () => {
    const parsed = recognisedBodyRegistrationSchema.parse(REGISTRATION);
    expect(parsed).toMatchObject({ country: 'CH', scope: { hsPrefixes: ['8471'], categories: [] } });
  });

  it.each([
    ['an id that is not an upper-case code', { id: 'sgs ch' }, ['id']],
    ['an empty scope', { scope: { hsPrefixes: [], categories: [] } }, ['scope']],
    ['a repeated scope entry', { scope: { categories: ['food', 'food'] } }, ['scope.categories']],
    ['a window that ends before it starts', { recognisedUntil: '2023-01-01T00:00:00Z' }, ['recognisedUntil']],
    ['an unknown field', { status: 'withdrawn' }, ['']],
    ['a missing accreditation number', { accreditation: { body: 'SAS' } }, ['accreditation.number']],
  ])('refuses %s, naming the field', (_what, overrides, fields) => {
    expect(fieldsOf(recognisedBodyRegistrationSchema.safeParse({ ...REGISTRATION, ...overrides }))).toEqual(fields);
  });

  it('refuses a change without a version or with nothing to change', () => {
    expect(fieldsOf(recognisedBodyChangeSchema.safeParse({ name: 'x' }))).toEqual(['version']);
    expect(fieldsOf(recognisedBodyChangeSchema.safeParse({ version: 1 }))).toEqual(['']);
    expect(fieldsOf(recognisedBodyChangeSchema.safeParse({ version: 1, recognisedFrom: '2030-01-01T00:00:00Z', recognisedUntil: '2029-01-01T00:00:00Z' }))).toEqual(['recognisedUntil']);
  });

  const registered = registerRecognisedBody(recognisedBodyRegistrationSchema.parse(REGISTRATION), { at: AT, by: HQ });

  it('registers at version 1, active, with a history entry that holds every field registered', () => {
    expect(registered.body).toMatchObject({ status: 'active', version: 1, registeredBy: HQ, createdAt: AT });
    expect(registered.change).toMatchObject({ version: 1, action: 'registered', by: HQ, at: AT });
    expect(Object.keys(registered.change.changes).sort()).toEqual(['accreditation', 'country', 'name', 'recognisedFrom', 'recognisedUntil', 'scope', 'status']);
  });

  it('records a change as the fields it changed, before and after; a change to the same values is no change', () => {
    const outcome = changeRecognisedBody(registered.body, { version: 1, scope: { hsPrefixes: ['85'], categories: [] }, recognisedUntil: null }, { at: AT, by: HQ });
    expect(outcome.kind).toBe('changed');
    if (outcome.kind !== 'changed') return;
    expect(outcome.body.version).toBe(2);
    expect(outcome.body.recognisedUntil).toBeUndefined();
    expect(outcome.change.changes).toEqual({
      scope: { from: { hsPrefixes: ['8471'], categories: [] }, to: { hsPrefixes: ['85'], categories: [] } },
      recognisedUntil: { from: '2026-01-01T00:00:00+01:00' },
    });
    // Object keys in another order (as DynamoDB may return a map) are the same value.
    const reordered = { ...registered.body, accreditation: { number: 'SCESp 0030', body: 'SAS' } };
    expect(changeRecognisedBody(reordered, { version: 1, accreditation: { body: 'SAS', number: 'SCESp 0030' } }, { at: AT, by: HQ }).kind).toBe('unchanged');
  });

  it('checks the whole validity window when a change moves one end', () => {
    const outcome = changeRecognisedBody(registered.body, { version: 1, recognisedFrom: '2027-01-01T00:00:00Z' }, { at: AT, by: HQ });
    expect(outcome).toEqual({ kind: 'invalid', problems: [{ path: 'recognisedUntil', message: expect.stringContaining('recognisedUntil must be after recognisedFrom') }] });
  });

  it('withdraws with the reason, and the policy sees the withdrawal and the scope', () => {
    const { body, change } = withdrawRecognisedBody(registered.body, 'fraud', { at: AT, by: HQ });
    expect(body).toMatchObject({ status: 'withdrawn', version: 2, withdrawal: { at: AT, by: HQ, reason: 'fraud' } });
    expect(change).toMatchObject({ action: 'withdrawn', reason: 'fraud', changes: { status: { from: 'active', to: 'withdrawn' } } });
    expect(policyViewOf(body)).toEqual({
      id: 'SGS-CH',
      name: 'SGS SA',
      country: 'CH',
      scope: ['8471'],
      recognisedFrom: '2024-01-01T00:00:00+01:00',
      recognisedUntil: '2026-01-01T00:00:00+01:00',
      withdrawn: { at: AT, reason: 'fraud' },
    });
  });
});
