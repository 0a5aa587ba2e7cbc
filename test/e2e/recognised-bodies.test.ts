import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { bodyRegistration, certificateOf, isoFromNow, registerRecognisedBody, type RecognisedBodyView } from './support/recognised-bodies.ts';
import { useTestCloud } from './support/test-cloud.ts';

/**
 * The register of recognised foreign third-party bodies (408号 三（八）) through the API: HQ keeps
 * it, every caller reads it, and filing judges certificates against it as it is at that moment.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
type Problem = { type: string; status: number; detail: string; errors?: Array<{ field: string; message: string }> };
type Reason = { code: string; text: { zh: string; en: string }; refs?: string[]; goodsLines?: number[] };
type Filed = { id: string; inspectionPlan: { destinationInspection: { level: string } | null; reasons: Reason[] } };

const importer = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);

async function fileWith(certificates: unknown[]): Promise<Filed> {
  const response = await t.call<Filed>('POST', '/consignments', await importer(), importFiling({ thirdPartyCertificates: certificates as never }));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const thirdPartyReasons = (filed: Filed) => filed.inspectionPlan.reasons.filter((r) => r.code.startsWith('THIRD_PARTY_'));

describe('recognised third-party results', () => {
  it('lowers the level for a result of a registered body, and ignores it with the reason once HQ withdraws the body', async () => {
    await registerRecognisedBody(t, driver, 'SGS-CH');

    const before = await fileWith([certificateOf('SGS-CH', 'SGS-2024-001')]);
    expect(thirdPartyReasons(before).map((r) => [r.code, r.refs])).toEqual([['THIRD_PARTY_RESULT_RECOGNISED', ['SGS-2024-001']]]);
    expect(before.inspectionPlan.destinationInspection?.level).toBe('document-review');

    // A result of a body nobody registered is ignored, with the reason, never silently.
    const unknown = await fileWith([certificateOf('UNKNOWN-LAB', 'UL-1')]);
    expect(thirdPartyReasons(unknown).map((r) => r.code)).toEqual(['THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_BODY_NOT_RECOGNISED']);
    expect(unknown.inspectionPlan.destinationInspection?.level).toBe('standard');

    const withdrawn = await t.call<RecognisedBodyView>('POST', '/recognised-bodies/SGS-CH/withdraw', await driver.hq(), { reason: 'accreditation suspended by SAS' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: 2, withdrawal: { reason: 'accreditation suspended by SAS' } });

    const after = await fileWith([certificateOf('SGS-CH', 'SGS-2024-002')]);
    const reasons = thirdPartyReasons(after);
    expect(reasons.map((r) => r.code)).toEqual(['THIRD_PARTY_RESULT_NOT_RECOGNISED', 'THIRD_PARTY_BODY_WITHDRAWN']);
    expect(reasons[1]).toMatchObject({ refs: ['SGS-2024-002'] });
    expect(reasons[1]!.text.zh).toContain('SGS-2024-002');
    expect(reasons[1]!.text.zh).toContain('撤销');
    expect(reasons[1]!.text.en).toContain('accreditation suspended by SAS');
    expect(after.inspectionPlan.destinationInspection?.level).toBe('standard');

    // The consignment filed before the withdrawal keeps the plan it was filed with.
    const kept = await driver.consignment(before.id);
    expect(kept.inspectionPlan.reasons.map((r) => r.code)).toContain('THIRD_PARTY_RESULT_RECOGNISED');

    const again = await t.call<Problem>('POST', '/recognised-bodies/SGS-CH/withdraw', await driver.hq(), { reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:cr-express:problem:recognised-body-withdrawn');
    expect((await t.call('PATCH', '/recognised-bodies/SGS-CH', await driver.hq(), { version: 2, name: 'SGS SA' })).status).toBe(409);
  });

  it('ignores a result outside the scope HQ recognised, naming the goods line, and uses the scope once HQ widens it', async () => {
    await registerRecognisedBody(t, driver, 'BV-FR', { name: 'Bureau Veritas SA', country: 'FR', scope: { hsPrefixes: ['85'] } });
    const outside = await fileWith([certificateOf('BV-FR', 'BV-1')]);
    expect(thirdPartyReasons(outside).map((r) => [r.code, r.refs, r.goodsLines])).toEqual([
      ['THIRD_PARTY_RESULT_NOT_RECOGNISED', ['BV-1'], undefined],
      ['THIRD_PARTY_OUTSIDE_RECOGNISED_SCOPE', ['BV-1'], [0]],
    ]);

    const widened = await t.call<RecognisedBodyView>('PATCH', '/recognised-bodies/BV-FR', await driver.hq(), { version: 1, scope: { hsPrefixes: ['84', '85'] } });
    expect(widened.status, JSON.stringify(widened.body)).toBe(200);
    expect(widened.body).toMatchObject({ version: 2, scope: { hsPrefixes: ['84', '85'], categories: [] } });
    const inside = await fileWith([certificateOf('BV-FR', 'BV-2')]);
    expect(thirdPartyReasons(inside).map((r) => r.code)).toEqual(['THIRD_PARTY_RESULT_RECOGNISED']);
  });

  it('lets only HQ register, change and withdraw; every caller reads the register, HQ with the history', async () => {
    const body = bodyRegistration('TUV-SUD-DE', { name: 'TÜV SÜD AG', country: 'DE' });
    for (const [who, token] of [
      ['an officer', await driver.officer('CQ')],
      ['a declarant', await importer()],
    ] as const) {
      const refused = await t.call<Problem>('POST', '/recognised-bodies', token, body);
      expect(refused.status, who).toBe(403);
      expect(refused.body.type).toBe('urn:cr-express:problem:forbidden');
    }
    expect((await t.call('GET', '/recognised-bodies/TUV-SUD-DE', await driver.hq())).status).toBe(404);

    await registerRecognisedBody(t, driver, 'TUV-SUD-DE', { name: 'TÜV SÜD AG', country: 'DE' });
    for (const token of [await driver.officer('XJ'), await importer()]) {
      expect((await t.call('PATCH', '/recognised-bodies/TUV-SUD-DE', token, { version: 1, name: 'x' })).status).toBe(403);
      expect((await t.call('POST', '/recognised-bodies/TUV-SUD-DE/withdraw', token, { reason: 'x' })).status).toBe(403);
    }
    const changed = await t.call<RecognisedBodyView>('PATCH', '/recognised-bodies/TUV-SUD-DE', await driver.hq(), { version: 1, recognisedUntil: null });
    expect(changed.status).toBe(200);
    expect(changed.body.recognisedUntil).toBeUndefined();

    const asDeclarant = await t.call<RecognisedBodyView>('GET', '/recognised-bodies/TUV-SUD-DE', await importer());
    expect(asDeclarant.status).toBe(200);
    expect(asDeclarant.body).toMatchObject({ id: 'TUV-SUD-DE', version: 2, status: 'active' });
    expect(asDeclarant.body.history).toBeUndefined();
    expect(asDeclarant.body.registeredBy).toBeUndefined();

    const asHq = await t.call<RecognisedBodyView>('GET', '/recognised-bodies/TUV-SUD-DE', await driver.hq());
    expect(asHq.body.history?.map((h) => [h.version, h.action, h.by.bureau])).toEqual([[1, 'registered', 'HQ'], [2, 'changed', 'HQ']]);
    expect(asHq.body.history?.[1]?.changes).toEqual({ recognisedUntil: { from: expect.any(String) } });

    const listed = await t.call<{ items: RecognisedBodyView[] }>('GET', '/recognised-bodies?country=DE&status=active&limit=100', await driver.officer('HL'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((b) => b.id)).toEqual(['TUV-SUD-DE']);
    const bad = await t.call<Problem>('GET', '/recognised-bodies?status=retired&country=XX', await importer());
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['query.country', 'query.status']);
  });

  it('refuses bad input with problem+json naming each field, and writes nothing', async () => {
    const hq = await driver.hq();
    const bad = await t.call<Problem>('POST', '/recognised-bodies', hq, {
      ...bodyRegistration('lower-case id'),
      country: 'XX',
      accreditation: { body: '' },
      scope: { hsPrefixes: ['77'] },
      recognisedFrom: '2024-01-01',
      colour: 'blue',
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toBe('application/problem+json');
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(
      expect.arrayContaining(['body.id', 'body.country', 'body.accreditation.body', 'body.accreditation.number', 'body.scope.hsPrefixes.0', 'body.recognisedFrom']),
    );
    const windows = await t.call<Problem>('POST', '/recognised-bodies', hq, bodyRegistration('INTERTEK-GB', { recognisedUntil: isoFromNow(-2 * 365 * 24 * 3_600_000), scope: {} }));
    expect(windows.body.errors?.map((e) => e.field).sort()).toEqual(['body.recognisedUntil', 'body.scope']);
    const reversed = await t.call<Problem>('POST', '/recognised-bodies', hq, bodyRegistration('INTERTEK-GB', { recognisedUntil: isoFromNow(-2 * 365 * 24 * 3_600_000) }));
    expect(reversed.body.errors?.map((e) => e.field)).toEqual(['body.recognisedUntil']);
    expect((await t.call('GET', '/recognised-bodies/INTERTEK-GB', hq)).status).toBe(404);

    await registerRecognisedBody(t, driver, 'INTERTEK-GB', { name: 'Intertek Group plc', country: 'GB' });
    const noVersion = await t.call<Problem>('PATCH', '/recognised-bodies/INTERTEK-GB', hq, { name: 'Intertek' });
    expect(noVersion.body.errors?.map((e) => e.field)).toEqual(['body.version']);
    // Moving one end of the window before the other is refused against the stored window.
    const beforeStart = await t.call<Problem>('PATCH', '/recognised-bodies/INTERTEK-GB', hq, { version: 1, recognisedUntil: isoFromNow(-500 * 24 * 3_600_000) });
    expect(beforeStart.status).toBe(400);
    expect(beforeStart.body.errors?.map((e) => e.field)).toEqual(['body.recognisedUntil']);
    expect((await t.call('PATCH', '/recognised-bodies/NOPE', hq, { version: 1, name: 'x' })).status).toBe(404);
    const stored = await t.call<RecognisedBodyView>('GET', '/recognised-bodies/INTERTEK-GB', hq);
    expect(stored.body.version).toBe(1);
    expect(stored.body.history).toHaveLength(1);

    const taken = await t.call<Problem>('POST', '/recognised-bodies', hq, bodyRegistration('INTERTEK-GB'));
    expect(taken.status).toBe(409);
    expect(taken.body.type).toBe('urn:cr-express:problem:already-exists');
  });

  it('lets one of two changes from the same version win; the other is a 409 and changes nothing', async () => {
    await registerRecognisedBody(t, driver, 'KIWA-NL', { name: 'Kiwa NV', country: 'NL' });
    const hq = await driver.hq();
    const answers = await Promise.all([
      t.call<RecognisedBodyView | Problem>('PATCH', '/recognised-bodies/KIWA-NL', hq, { version: 1, scope: { hsPrefixes: ['84'] } }),
      t.call<RecognisedBodyView | Problem>('PATCH', '/recognised-bodies/KIWA-NL', hq, { version: 1, scope: { categories: ['food'] } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!.body as RecognisedBodyView;
    const stored = await t.call<RecognisedBodyView>('GET', '/recognised-bodies/KIWA-NL', hq);
    expect(stored.body.scope).toEqual(winner.scope);
    expect(stored.body.version).toBe(2);
    expect(stored.body.history).toHaveLength(2);

    const stale = await t.call<Problem>('POST', '/recognised-bodies/KIWA-NL/withdraw', hq, { reason: 'x', version: 1 });
    expect(stale.status).toBe(409);
  });

  it('answers a keyed registration retried with the same key as the first time, and refuses the key for another body', async () => {
    const hq = await driver.hq();
    const key = { 'idempotency-key': 'register-eurofins-1' };
    const body = bodyRegistration('EUROFINS-DE', { country: 'DE' });
    const first = await t.call<RecognisedBodyView>('POST', '/recognised-bodies', hq, body, key);
    const retry = await t.call<RecognisedBodyView>('POST', '/recognised-bodies', hq, body, key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect((await t.call('POST', '/recognised-bodies', hq, bodyRegistration('EUROFINS-PL', { country: 'PL' }), key)).status).toBe(422);
  });
});
