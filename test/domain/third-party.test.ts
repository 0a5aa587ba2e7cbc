import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOODS_CATEGORIES } from '#shared/domain/codes.ts';
import type { RecognisedBody } from '#shared/domain/policy/context.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { evaluateThirdPartyResults, type IgnoredBecause } from '#shared/domain/policy/third-party.ts';
import { REASON_CODES, type ReasonCode } from '#shared/domain/reason-codes.ts';
import { BODIES, CHAPTERS, contextArb, filingArb } from './arbitraries.ts';
import { FILED_AT, goodsLine, importFiling, inspectionContext } from './fixtures.ts';

/** §9: every certificate a filing attaches is either relied on or ignored with its own reason. */
const BODY: RecognisedBody = { id: 'SGS-CH', name: 'SGS', country: 'CH', scope: ['84'], recognisedFrom: '2016-01-01T00:00:00Z', recognisedUntil: '2017-01-01T00:00:00Z' };
const CERT = { bodyId: 'SGS-CH', certificateNumber: 'SGS-1', issuedAt: '2016-06-01T00:00:00Z', validUntil: '2017-06-01T00:00:00Z', scope: ['8471'] };
const goods = [goodsLine()];
const judge = (overrides: { body?: Partial<RecognisedBody> | null; cert?: Partial<typeof CERT>; goods?: typeof goods }) =>
  evaluateThirdPartyResults({
    certificates: [{ ...CERT, ...overrides.cert }],
    bodies: overrides.body === null ? [] : [{ ...BODY, ...overrides.body }],
    goods: overrides.goods ?? goods,
    filedAt: FILED_AT,
  });

describe('evaluateThirdPartyResults: one reason per ignored certificate', () => {
  it('accepts a valid certificate of a body recognised for the goods, and ignores nothing', () => {
    expect(judge({})).toEqual({ recognised: true, accepted: ['SGS-1'], ignored: [] });
  });

  it.each<[string, Parameters<typeof judge>[0], IgnoredBecause, string]>([
    ['a body not in the register', { body: null }, 'body-not-recognised', 'SGS-CH is not in the register of recognised bodies'],
    ['a body withdrawn before filing', { body: { withdrawn: { at: '2016-08-20T00:00:00Z', reason: 'fraud' } } }, 'body-withdrawn', 'withdrawn on 2016-08-20 (fraud)'],
    ['a recognition that starts after filing', { body: { recognisedFrom: '2016-12-01T00:00:00Z' } }, 'recognition-not-yet-valid', 'starts on 2016-12-01'],
    ['a recognition that ended before filing', { body: { recognisedUntil: '2016-08-01T00:00:00Z' } }, 'recognition-expired', 'ended on 2016-08-01'],
    ['a certificate issued after filing', { cert: { issuedAt: '2016-09-02T00:00:00Z' } }, 'certificate-not-valid', 'valid from 2016-09-02 to 2017-06-01'],
    ['a certificate expired at filing', { cert: { validUntil: '2016-08-31T00:00:00Z' } }, 'certificate-not-valid', 'valid from 2016-06-01 to 2016-08-31'],
    ["a certificate for goods outside the body's scope", { body: { scope: ['85'] } }, 'outside-recognised-scope', 'does not cover HS 847130'],
    ['a certificate whose scope names none of the goods', { cert: { scope: ['94'] } }, 'scope-covers-no-goods', 'covers none of the goods'],
  ])('ignores %s with its reason', (_what, overrides, because, detail) => {
    const verdict = judge(overrides);
    expect(verdict.recognised).toBe(false);
    expect(verdict.accepted).toEqual([]);
    expect(verdict.ignored).toHaveLength(1);
    expect(verdict.ignored[0]).toMatchObject({ certificateNumber: 'SGS-1', because });
    expect(verdict.ignored[0]!.detail.en).toContain(detail);
    expect(verdict.ignored[0]!.detail.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(verdict.uncovered).toBeUndefined();
  });

  it('judges the recognition window at filing time, inclusive at its end', () => {
    expect(judge({ body: { recognisedUntil: FILED_AT } }).recognised).toBe(true);
    expect(judge({ body: { withdrawn: { at: '2016-09-01T00:00:01Z', reason: 'after filing' } } }).recognised).toBe(true);
  });

  it('covers a line by goods category when the body is recognised for the category', () => {
    const food = [goodsLine({ hsCode: '160100', categories: ['food'] })];
    expect(judge({ body: { scope: undefined, categories: ['food'] }, cert: { scope: ['16'] }, goods: food }).recognised).toBe(true);
    expect(judge({ body: { scope: undefined, categories: ['plant-product'] }, cert: { scope: ['16'] }, goods: food }).ignored[0]?.because).toBe('outside-recognised-scope');
  });

  it('names the lines no accepted certificate covers, with the certificates that were not enough', () => {
    const twoLines = [goodsLine(), goodsLine({ hsCode: '940360' })];
    expect(judge({ goods: twoLines })).toEqual({ recognised: false, accepted: [], ignored: [], uncovered: { goodsLines: [1], certificates: ['SGS-1'] } });
  });
});

/** Every reason a certificate is not relied on: the §9 codes beside the two verdicts. */
const IGNORE_CODES: ReasonCode[] = REASON_CODES.filter((code) => code.startsWith('THIRD_PARTY_') && !code.startsWith('THIRD_PARTY_RESULT_'));

/** Register entries around FILED_AT: any scope, categories, windows and withdrawals. */
const bodyArb = (id: string) =>
  fc.record(
    {
      id: fc.constant(id),
      name: fc.constant(id),
      country: fc.constant('DE'),
      scope: fc.uniqueArray(fc.constantFrom(...CHAPTERS), { minLength: 1, maxLength: 3 }),
      categories: fc.uniqueArray(fc.constantFrom(...GOODS_CATEGORIES), { minLength: 1, maxLength: 3 }),
      recognisedFrom: fc.constantFrom('2015-01-01T00:00:00Z', '2016-10-01T00:00:00Z'),
      recognisedUntil: fc.constantFrom('2016-08-01T00:00:00Z', '2018-01-01T00:00:00Z'),
      withdrawn: fc.record({ at: fc.constantFrom('2016-08-01T00:00:00Z', '2016-12-01T00:00:00Z'), reason: fc.constant('withdrawn') }),
    },
    { requiredKeys: ['id', 'name', 'country'] },
  );
const registerArb: fc.Arbitrary<RecognisedBody[]> = fc
  .subarray([...BODIES])
  .chain((ids) => (ids.length === 0 ? fc.constant<RecognisedBody[]>([]) : fc.tuple(...ids.map(bodyArb)).map((bodies): RecognisedBody[] => [...bodies])));

describe('inspection plan: no third-party result is dropped silently', () => {
  it('names every certificate in the reason that accepts it or in one that says why it is ignored', () => {
    const filing = fc.constantFrom('import' as const, 'export' as const).chain((d) => filingArb(d));
    fc.assert(
      fc.property(filing, contextArb(), registerArb, (f, context, bodies) => {
        const plan = planInspection(f, { ...context, recognisedBodies: bodies });
        const certificates = (f.thirdPartyCertificates ?? []).map((c) => c.certificateNumber);
        const accepted = plan.reasons.find((r) => r.code === 'THIRD_PARTY_RESULT_RECOGNISED')?.refs ?? [];
        const explained = plan.reasons.filter((r) => IGNORE_CODES.includes(r.code)).flatMap((r) => r.refs ?? []);
        for (const number of certificates) expect([...accepted, ...explained], number).toContain(number);
        const verdicts = plan.reasons.filter((r) => r.code === 'THIRD_PARTY_RESULT_RECOGNISED' || r.code === 'THIRD_PARTY_RESULT_NOT_RECOGNISED');
        expect(verdicts).toHaveLength(certificates.length > 0 ? 1 : 0);
        for (const reason of plan.reasons.filter((r) => IGNORE_CODES.includes(r.code))) {
          expect(reason.refs?.length).toBeGreaterThan(0);
          for (const ref of reason.refs ?? []) {
            expect(reason.text.zh).toContain(ref);
            expect(reason.text.en).toContain(ref);
          }
        }
      }),
    );
  });

  it('lowers the level with a recognised result only, and a withdrawal never lowers it', () => {
    const filing = importFiling({ thirdPartyCertificates: [CERT] });
    const level = (body: RecognisedBody) => planInspection(filing, inspectionContext({ recognisedBodies: [body] })).destinationInspection?.level;
    expect(level(BODY)).toBe('document-review');
    expect(level({ ...BODY, withdrawn: { at: '2016-08-20T00:00:00Z', reason: 'fraud' } })).toBe('standard');
  });
});
