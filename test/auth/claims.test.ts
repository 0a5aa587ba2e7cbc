import { describe, expect, it } from 'vitest';
import { callerFromClaims } from '#shared/auth/claims.ts';

const claims = (extra: Record<string, string>) => ({ sub: 'u-1', ...extra });

describe('the caller identity read from Cognito-shaped claims', () => {
  it('reads an officer, a declarant with its enterprise, and HQ', () => {
    expect(callerFromClaims(claims({ 'custom:bureau': 'XJ', 'custom:role': 'officer' }))).toEqual({ subject: 'u-1', bureau: 'XJ', role: 'officer' });
    expect(callerFromClaims(claims({ 'custom:bureau': 'CQ', 'custom:role': 'declarant', 'custom:enterprise': '91500000MA5U000010' }))).toMatchObject({ enterprise: '91500000MA5U000010' });
    expect(callerFromClaims(claims({ 'custom:bureau': 'HQ', 'custom:role': 'hq' })).role).toBe('hq');
  });

  it.each([
    ['a bureau the reference data does not know', { 'custom:bureau': 'ZZ', 'custom:role': 'officer' }],
    ['HQ rights on a bureau', { 'custom:bureau': 'XJ', 'custom:role': 'hq' }],
    ['a bureau officer at HQ', { 'custom:bureau': 'HQ', 'custom:role': 'officer' }],
    ['a declarant without an enterprise', { 'custom:bureau': 'CQ', 'custom:role': 'declarant' }],
    ['an unknown role', { 'custom:bureau': 'CQ', 'custom:role': 'admin' }],
  ])('refuses %s', (_name, extra) => {
    expect(() => callerFromClaims(claims(extra))).toThrow();
  });
});
