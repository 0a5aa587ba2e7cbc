import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { callerFromClaims } from '#shared/auth/claims.ts';
import { createLocalIssuer } from '../../../local/auth/issuer.ts';
import { loadOrCreateSigningKey } from '../../../local/auth/signing-key.ts';
import { CONSOLE_PERSONAS, consoleLoginLines, LOGIN_LINK_SECONDS } from '../../../local/console-logins.ts';

/** `npm start`'s console login links: one per walkthrough persona, each a token the local API accepts. */
describe('console login links', () => {
  it('prints one link per persona, carrying in the fragment a token of that bureau and role for a working day', async () => {
    const issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(), issuer: 'http://127.0.0.1:3000' });
    const lines = await consoleLoginLines('http://127.0.0.1:3000', (request) => issuer.mintToken(request));
    expect(lines).toHaveLength(CONSOLE_PERSONAS.length);
    const callers = [];
    for (const line of lines) {
      const link = /(http:\/\/127\.0\.0\.1:3000\/#token=)(\S+)$/.exec(line);
      expect(link, line).not.toBeNull();
      const { payload } = await jwtVerify(link![2]!, createLocalJWKSet(issuer.jwks()), { issuer: issuer.issuer, audience: issuer.audience });
      expect(payload.exp! - payload.iat!).toBe(LOGIN_LINK_SECONDS);
      callers.push(callerFromClaims(payload as Record<string, unknown>));
    }
    expect(callers.map((c) => [c.bureau, c.role, c.enterprise])).toEqual([
      ['CQ', 'declarant', '91500000MA5U000010'],
      ['XJ', 'officer', undefined],
      ['CQ', 'officer', undefined],
      ['HQ', 'hq', undefined],
    ]);
  });
});
