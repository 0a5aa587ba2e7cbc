import { describe, expect, it } from 'vitest';
import { createConsignment } from '#shared/domain/consignment.ts';
import { applicationProblems, createApplication, originApplicationSchema, type OriginApplicationInput } from '#shared/domain/origin/origin-application.ts';
import { mayApplyForOrigin, mayViewApplication } from '#shared/domain/origin/origin-access.ts';
import { FORM_RULES, ORIGIN_FORMS } from '#shared/domain/origin/origin-forms.ts';
import { taskAnswerSchema } from '#shared/domain/tasks/task-results.ts';
import { TASK_TITLES } from '#shared/domain/tasks/task-kinds.ts';
import { CREDIT_CODES, exportFiling, importFiling } from './fixtures.ts';
import { generalApplication, georgiaApplication, georgiaExport } from './origin-bodies.ts';

const AT = '2016-08-16T10:00:00+08:00';

function issues(value: unknown) {
  const result = originApplicationSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Chinese, then English, as every message of the API. */
const expectBilingual = (message: string) => {
  const [zh = '', en = '', ...rest] = message.split(' / ');
  expect(rest).toEqual([]);
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  expect(en).toMatch(/[a-z]/);
};

const parsed = (input: OriginApplicationInput) => originApplicationSchema.parse(input);

describe('the certificate-of-origin application (原产地签证无纸化申报)', () => {
  it('accepts a general CO and a China–Georgia FTA CO as written', () => {
    expect(issues(generalApplication('C1'))).toEqual([]);
    expect(issues(georgiaApplication('C1'))).toEqual([]);
    expect(issues(generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'CTH' } }] }))).toEqual([]);
    expect(issues(generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'VA', valueContent: 30.5 } }] }))).toEqual([]);
    expect(issues(generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'PROCESS', operation: 'injection moulding and assembly' } }] }))).toEqual([]);
    expect(issues(georgiaApplication('C1', { goods: [{ goodsLine: 0, criterion: 'WP' }, { goodsLine: 1, criterion: 'PSR', rule: { kind: 'CTH' } }] }))).toEqual([]);
    expect(issues(georgiaApplication('C1', { goods: [{ goodsLine: 0, criterion: 'PSR', rule: { kind: 'RVC', valueContent: 40 } }] }))).toEqual([]);
  });

  it('knows each form: its title, whether it is preferential, the importing country and the criteria', () => {
    expect(ORIGIN_FORMS).toEqual(['general', 'china-georgia-fta']);
    expect(FORM_RULES.general).toMatchObject({ preferential: false, criteria: ['WO', 'ST'] });
    expect(FORM_RULES.general.importingCountry).toBeUndefined();
    expect(FORM_RULES['china-georgia-fta']).toMatchObject({ preferential: true, importingCountry: 'GE', criteria: ['WO', 'WP', 'PSR'] });
    expect(TASK_TITLES['origin-certificate-review'].zh).toContain('原产地');
  });

  it.each<[string, OriginApplicationInput, string]>([
    ['no consignment', { ...generalApplication(''), consignmentId: '' }, 'consignmentId'],
    ['an unknown form', { ...generalApplication('C1'), form: 'form-a' as 'general' }, 'form'],
    ['no goods', generalApplication('C1', { goods: [] }), 'goods'],
    ['a negative goods line', generalApplication('C1', { goods: [{ goodsLine: -1, criterion: 'WO' }] }), 'goods.0.goodsLine'],
    ['a goods line named twice', generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'WO' }, { goodsLine: 0, criterion: 'WO' }] }), 'goods.1.goodsLine'],
    ['an unknown criterion', generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'XX' as 'WO' }] }), 'goods.0.criterion'],
    ['PSR on the general form', generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'PSR', rule: { kind: 'CTH' } }] }), 'goods.0.criterion'],
    ['ST on the Georgia form', georgiaApplication('C1', { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'CTH' } }] }), 'goods.0.criterion'],
    ['PSR without its rule', georgiaApplication('C1', { goods: [{ goodsLine: 0, criterion: 'PSR' }] }), 'goods.0.rule'],
    ['WO with a rule', generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'WO', rule: { kind: 'CTH' } }] }), 'goods.0.rule'],
    ['a rule the form does not know', georgiaApplication('C1', { goods: [{ goodsLine: 0, criterion: 'PSR', rule: { kind: 'VA', valueContent: 60 } }] }), 'goods.0.rule.kind'],
    ['a regional value content under 40 %', georgiaApplication('C1', { goods: [{ goodsLine: 0, criterion: 'PSR', rule: { kind: 'RVC', valueContent: 39.9 } }] }), 'goods.0.rule.valueContent'],
    ['an RVC without its value', georgiaApplication('C1', { goods: [{ goodsLine: 0, criterion: 'PSR', rule: { kind: 'RVC' } }] }), 'goods.0.rule.valueContent'],
    ['value added of only 30 % (more is required)', generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'VA', valueContent: 30 } }] }), 'goods.0.rule.valueContent'],
    ['a value content over 100 %', generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'VA', valueContent: 101 } }] }), 'goods.0.rule.valueContent'],
    ['a value content on a CTH rule', generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'CTH', valueContent: 50 } }] }), 'goods.0.rule.valueContent'],
    ['a PROCESS rule without its operation', generalApplication('C1', { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'PROCESS' } }] }), 'goods.0.rule.operation'],
    ['a producer without an address', georgiaApplication('C1', { producer: { name: 'x', country: 'CN' } as { name: string; address: string; country: string } }), 'producer.address'],
    ['a producer with a bad credit code', georgiaApplication('C1', { producer: { name: 'x', address: 'y', country: 'CN', creditCode: '91330782MA28A0001X' } }), 'producer.creditCode'],
    ['an invoice date that does not exist', generalApplication('C1', { invoice: { number: 'A-1', date: '2016-02-30' } }), 'invoice.date'],
    ['no invoice number', generalApplication('C1', { invoice: { number: ' ', date: '2016-08-15' } }), 'invoice.number'],
    ['no departure date', generalApplication('C1', { transport: { from: 'Yiwu', to: 'Madrid' } as OriginApplicationInput['transport'] }), 'transport.departureDate'],
    ['an unknown transit country', georgiaApplication('C1', { transport: { from: 'Yiwu', to: 'Tbilisi', departureDate: '2016-08-18', transitCountries: ['XX'] } }), 'transport.transitCountries.0'],
    ['a declaration not agreed', generalApplication('C1', { declaration: { signatory: '王小明', place: 'Yiwu', agreed: false as true } }), 'declaration.agreed'],
    ['a declaration unsigned', generalApplication('C1', { declaration: { signatory: '', place: 'Yiwu', agreed: true } }), 'declaration.signatory'],
    ['remarks of more than a page', generalApplication('C1', { remarks: '备'.repeat(4001) }), 'remarks'],
  ])('refuses %s, naming the field in both languages', (_, input, path) => {
    const found = issues(input);
    expect(found.map((i) => i.path)).toEqual([path]);
    expectBilingual(found[0]?.message ?? '');
  });
});

describe('an application against its consignment', () => {
  const toys = createConsignment(exportFiling(), { id: 'EXP-1', at: AT });
  const toGeorgia = createConsignment(georgiaExport(), { id: 'EXP-2', at: AT });

  it('agrees with an export of Chinese goods, and the Georgia form with goods sold into Georgia', () => {
    expect(applicationProblems(parsed(generalApplication('EXP-1')), toys, AT)).toEqual([]);
    expect(applicationProblems(parsed(georgiaApplication('EXP-2')), toGeorgia, AT)).toEqual([]);
  });

  it.each<[string, () => ReturnType<typeof applicationProblems>, string]>([
    ['an import', () => applicationProblems(parsed(generalApplication('IMP-1')), createConsignment(importFiling(), { id: 'IMP-1', at: AT }), AT), 'consignmentId'],
    ['a goods line the filing does not have', () => applicationProblems(parsed(generalApplication('EXP-1', { goods: [{ goodsLine: 3, criterion: 'WO' }] })), toys, AT), 'goods.0.goodsLine'],
    ['goods declared of German origin', () => applicationProblems(parsed(georgiaApplication('EXP-2', { goods: [{ goodsLine: 1, criterion: 'WO' }] })), toGeorgia, AT), 'goods.0.goodsLine'],
    ['the Georgia form for goods sold into Spain', () => applicationProblems(parsed(georgiaApplication('EXP-1')), toys, AT), 'form'],
    ['an invoice dated after the application', () => applicationProblems(parsed(generalApplication('EXP-1', { invoice: { number: 'A-1', date: '2016-08-17' } })), toys, AT), 'invoice.date'],
    ['a producer abroad', () => applicationProblems(parsed(georgiaApplication('EXP-2', { producer: { name: 'x', address: 'y', country: 'DE' } })), toGeorgia, AT), 'producer.country'],
  ])('refuses %s, naming the field', (_, problems, path) => {
    const found = problems();
    expect(found.map((p) => p.path)).toEqual([path]);
    expectBilingual(found[0]?.message ?? '');
  });

  it('dates the invoice and the declaration by the day in Beijing', () => {
    // 23:30 UTC on the 15th is already the 16th in Beijing.
    expect(applicationProblems(parsed(generalApplication('EXP-1', { invoice: { number: 'A-1', date: '2016-08-16' } })), toys, '2016-08-15T23:30:00Z')).toEqual([]);
    const made = createApplication(parsed(georgiaApplication('EXP-2')), toGeorgia, {
      id: 'APP-1',
      at: '2016-08-15T23:30:00Z',
      applicant: { enterprise: CREDIT_CODES.yiwuExporter, subject: 'declarant-1' },
      originBureau: 'ZJ',
      leadBureau: 'XJ',
      executionArn: 'arn:aws:states:cn-north-1:000000000000:execution:OriginCertificate:APP-1',
    });
    expect(made.declaration.date).toBe('2016-08-16');
    expect(made).toMatchObject({ status: 'submitted', importingCountry: 'GE', exporter: { creditCode: CREDIT_CODES.yiwuExporter } });
    // The certificate describes the goods as filed, with the criterion claimed for them.
    expect(made.goods).toEqual([{ goodsLine: 0, hsCode: '950300', description: 'toys / 玩具', quantity: 500, unit: 'PCE', criterion: 'PSR', rule: { kind: 'RVC', valueContent: 55 } }]);
  });
});

describe('who applies and who reads', () => {
  const toys = createConsignment(exportFiling(), { id: 'EXP-1', at: AT });
  const exporter = { role: 'declarant' as const, bureau: 'ZJ', enterprise: CREDIT_CODES.yiwuExporter };

  it('lets the declarant of the consignor apply, and no one else', () => {
    expect(mayApplyForOrigin(exporter, toys)).toBe(true);
    expect(mayApplyForOrigin({ ...exporter, enterprise: CREDIT_CODES.urumqiTrader }, toys)).toBe(false);
    expect(mayApplyForOrigin({ role: 'officer', bureau: 'ZJ' }, toys)).toBe(false);
    expect(mayApplyForOrigin({ role: 'hq', bureau: 'HQ' }, toys)).toBe(false);
  });

  it('shows an application to its enterprise, its origin bureau and HQ', () => {
    const application = { applicant: { enterprise: CREDIT_CODES.yiwuExporter, subject: 'd' }, originBureau: 'ZJ' as const };
    expect(mayViewApplication(exporter, application)).toBe(true);
    expect(mayViewApplication({ role: 'officer', bureau: 'ZJ' }, application)).toBe(true);
    expect(mayViewApplication({ role: 'hq', bureau: 'HQ' }, application)).toBe(true);
    expect(mayViewApplication({ role: 'officer', bureau: 'XJ' }, application)).toBe(false);
    expect(mayViewApplication({ ...exporter, enterprise: CREDIT_CODES.urumqiTrader }, application)).toBe(false);
  });
});

describe('the origin bureau’s answer to the review task', () => {
  const answer = (body: Record<string, unknown>) => taskAnswerSchema.safeParse({ kind: 'origin-certificate-review', ...body });

  it('approves with or without remarks, and refuses with a reason', () => {
    expect(answer({ decision: 'approve' }).success).toBe(true);
    expect(answer({ decision: 'approve', remarks: 'checked against the invoice' }).success).toBe(true);
    expect(answer({ decision: 'refuse', reason: 'the RVC calculation leaves out the imported motors' }).success).toBe(true);
  });

  it.each([
    [{ decision: 'refuse' }, 'reason'],
    [{ decision: 'approve', reason: 'why not' }, 'reason'],
    [{ decision: 'maybe' }, 'decision'],
    [{ decision: 'refuse', reason: '' }, 'reason'],
  ])('refuses %j, naming %s', (body, path) => {
    const result = answer(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });
});
