import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling } from '#test/domain/fixtures.ts';
import { generalApplication, georgiaApplication, georgiaExport } from '#test/domain/origin-bodies.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { OriginDriver } from './support/origin-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const origin = new OriginDriver(t, driver);
const exporter = () => driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);
const otherDeclarant = () => driver.declarant('XJ', CREDIT_CODES.urumqiTrader);

describe('paperless certificate-of-origin applications (原产地签证无纸化申报), end to end through the API', () => {
  it('issues a general CO and a China–Georgia FTA CO for one export, each reviewed as a task of the origin bureau', async () => {
    const filed = await driver.file(await exporter(), georgiaExport());
    const general = await origin.apply(await exporter(), generalApplication(filed.id, { goods: [{ goodsLine: 0, criterion: 'ST', rule: { kind: 'CTH' } }] }));
    const fta = await origin.apply(await exporter(), georgiaApplication(filed.id));
    expect(general.status).toBe('submitted');

    for (const application of [general, fta]) {
      const task = await origin.reviewTask('ZJ', application.id);
      expect(task).toMatchObject({ bureau: 'ZJ', kind: 'origin-certificate-review', escalation: 0 });
      expect((await origin.application(application.id, await exporter())).status).toBe('under-review');
      await driver.complete('ZJ', task.id, { decision: 'approve', remarks: 'checked against the invoice' });
    }

    for (const application of [general, fta]) {
      const issued = await origin.settled(application.id);
      expect(issued.status).toBe('issued');
      expect(issued.review).toMatchObject({ decision: 'approve', remarks: 'checked against the invoice', by: { bureau: 'ZJ' } });
      expect(issued.certificate?.id).toEqual(expect.any(String));
      expect(issued.certificate?.serial).toEqual(expect.any(String));
      expect(issued.tasks.map((task) => task.status)).toEqual(['completed']);
      const [notice] = await origin.notices(await exporter(), application.id, ['origin-certificate-issued']);
      expect(notice?.data?.serial).toBe(issued.certificate?.serial);
    }
    const [generalIssued, ftaIssued] = [await origin.application(general.id), await origin.application(fta.id)];
    expect(generalIssued.certificate?.serial).not.toBe(ftaIssued.certificate?.serial);

    // The signed certificate of origin itself: the goods the application named, with their criterion.
    const certificate = await t.call<{ kind: string; serial: string; issuingBureau: string; certificate: { document: { origin?: { form: string; importingCountry: string }; goods: Array<{ originCriterion?: string; originRule?: { kind: string; valueContent?: number } }> }; jws: string } }>(
      'GET',
      `/certificates/${ftaIssued.certificate?.id}`,
      await exporter(),
    );
    expect(certificate.status, JSON.stringify(certificate.body)).toBe(200);
    expect(certificate.body).toMatchObject({ kind: 'certificate-of-origin', serial: ftaIssued.certificate?.serial, issuingBureau: 'ZJ' });
    expect(certificate.body.certificate.document.origin).toMatchObject({ form: 'china-georgia-fta', importingCountry: 'GE' });
    expect(certificate.body.certificate.document.goods).toEqual([expect.objectContaining({ originCriterion: 'PSR', originRule: { kind: 'RVC', valueContent: 55 } })]);
    expect(certificate.body.certificate.jws.split('.')).toHaveLength(3);

    // The review is a workflow execution that HQ and the origin bureau review like any other.
    const execution = await t.call<{ execution: { workflow: string; status: string } }>('GET', `/executions/${fta.id}`, await driver.hq());
    expect(execution.body.execution).toMatchObject({ workflow: 'OriginCertificate', status: 'SUCCEEDED' });
  });

  it('closes a refused application with the reason, tells the applicant, and lets the exporter apply again', async () => {
    const filed = await driver.file(await exporter(), exportFiling());
    const first = await origin.apply(await exporter(), generalApplication(filed.id));
    const task = await origin.reviewTask('ZJ', first.id);
    await driver.complete('ZJ', task.id, { decision: 'refuse', reason: 'the invoice names another consignee' });

    const refused = await origin.settled(first.id);
    expect(refused).toMatchObject({ status: 'refused', review: { decision: 'refuse', reason: 'the invoice names another consignee' } });
    expect(refused.certificate).toBeUndefined();
    const [notice] = await origin.notices(await exporter(), first.id, ['origin-certificate-refused']);
    expect(notice?.data?.reason).toBe('the invoice names another consignee');
    expect((await origin.notices(await driver.officer('ZJ'), first.id, ['origin-certificate-refused'])).length).toBeGreaterThan(0);

    const again = await origin.apply(await exporter(), generalApplication(filed.id, { invoice: { number: 'YW-2016-0815-R', date: '2016-08-15' } }));
    expect(again.id).not.toBe(first.id);
    await origin.reviewTask('ZJ', again.id);
  });

  it('keeps one live application per consignment and form, and writes nothing for a second', async () => {
    const filed = await driver.file(await exporter(), georgiaExport());
    const live = await origin.apply(await exporter(), georgiaApplication(filed.id));
    await origin.reviewTask('ZJ', live.id);
    const before = await origin.count();
    const second = await t.call('POST', '/origin-certificate-applications', await exporter(), georgiaApplication(filed.id, { invoice: { number: 'YW-2', date: '2016-08-15' } }));
    expect(second.status).toBe(409);
    expect(second.contentType).toContain('application/problem+json');
    expect(String(second.body.detail)).toContain(live.id);
    expect(await origin.count()).toBe(before);
  });

  it('answers a repeated keyed application with the same application, and refuses the key for another one', async () => {
    const filed = await driver.file(await exporter(), exportFiling());
    const key = { 'idempotency-key': `co-${filed.id}` };
    const first = await origin.apply(await exporter(), generalApplication(filed.id), key);
    const repeated = await origin.apply(await exporter(), generalApplication(filed.id), key);
    expect(repeated.id).toBe(first.id);
    const reused = await t.call('POST', '/origin-certificate-applications', await exporter(), generalApplication(filed.id, { remarks: 'another request' }), key);
    expect(reused.status).toBe(422);
    const listed = await t.call<{ items: Array<{ id: string }> }>('GET', `/origin-certificate-applications?consignment=${filed.id}`, await exporter());
    expect(listed.body.items.map((a) => a.id)).toEqual([first.id]);
  });

  it('refuses bad input with problem+json naming the field, and writes nothing', async () => {
    const filed = await driver.file(await exporter(), exportFiling());
    const before = await origin.count();
    const cases: Array<[unknown, string]> = [
      [georgiaApplication(filed.id, { goods: [{ goodsLine: 0, criterion: 'PSR', rule: { kind: 'RVC', valueContent: 25 } }] }), 'body.goods.0.rule.valueContent'],
      [generalApplication(filed.id, { declaration: { signatory: '王小明', place: 'Yiwu', agreed: false as true } }), 'body.declaration.agreed'],
      // Against the consignment: the Georgia form for toys sold to Madrid, a goods line it does not have.
      [georgiaApplication(filed.id), 'body.form'],
      [generalApplication(filed.id, { goods: [{ goodsLine: 4, criterion: 'WO' }] }), 'body.goods.0.goodsLine'],
    ];
    for (const [body, field] of cases) {
      const response = await t.call<{ type: string; errors: Array<{ field: string; message: string }> }>('POST', '/origin-certificate-applications', await exporter(), body);
      expect(response.status, field).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((e) => e.field)).toEqual([field]);
      expect(response.body.errors[0]?.message).toMatch(/[\u4e00-\u9fff].* \/ /);
    }
    expect(await origin.count()).toBe(before);
  });

  it('keeps applications to the exporter, its origin bureau and HQ', async () => {
    const filed = await driver.file(await exporter(), exportFiling());
    const before = await origin.count();
    const foreign = await t.call('POST', '/origin-certificate-applications', await otherDeclarant(), generalApplication(filed.id));
    expect(foreign.status).toBe(403);
    const byOfficer = await t.call('POST', '/origin-certificate-applications', await driver.officer('ZJ'), generalApplication(filed.id));
    expect(byOfficer.status).toBe(403);
    const unknown = await t.call('POST', '/origin-certificate-applications', await exporter(), generalApplication('01HZZZZZZZZZZZZZZZZZZZZZZZ'));
    expect(unknown.status).toBe(404);
    expect(await origin.count()).toBe(before);

    const application = await origin.apply(await exporter(), generalApplication(filed.id));
    expect((await t.call('GET', `/origin-certificate-applications/${application.id}`, await otherDeclarant())).status).toBe(403);
    expect((await t.call('GET', `/origin-certificate-applications/${application.id}`, await driver.officer('XJ'))).status).toBe(403);
    expect((await t.call('GET', `/origin-certificate-applications/${application.id}`, await driver.officer('ZJ'))).status).toBe(200);

    // Listings: the exporter its own, the origin bureau its own, HQ a bureau's; never another's.
    const own = await t.call<{ items: Array<{ id: string }> }>('GET', '/origin-certificate-applications', await exporter());
    expect(own.body.items.map((a) => a.id)).toContain(application.id);
    const others = await t.call<{ items: Array<{ id: string }> }>('GET', '/origin-certificate-applications', await otherDeclarant());
    expect(others.body.items).toEqual([]);
    const bureau = await t.call<{ items: Array<{ id: string }> }>('GET', '/origin-certificate-applications', await driver.officer('ZJ'));
    expect(bureau.body.items.map((a) => a.id)).toContain(application.id);
    expect((await t.call('GET', '/origin-certificate-applications?bureau=ZJ', await driver.officer('XJ'))).status).toBe(403);
    const hq = await t.call<{ items: Array<{ id: string }> }>('GET', '/origin-certificate-applications?bureau=ZJ', await driver.hq());
    expect(hq.body.items.map((a) => a.id)).toContain(application.id);
    expect((await t.call('GET', '/origin-certificate-applications', await driver.hq())).status).toBe(400);
    // The review task is the origin bureau's alone: the port bureau cannot answer it.
    const task = await origin.reviewTask('ZJ', application.id);
    expect((await t.call('POST', `/tasks/${task.id}/complete`, await driver.officer('XJ'), { decision: 'approve' })).status).toBe(403);
    const wrongAnswer = await t.call<{ errors: Array<{ field: string }> }>('POST', `/tasks/${task.id}/complete`, await driver.officer('ZJ'), { decision: 'refuse' });
    expect(wrongAnswer.status).toBe(400);
    expect(wrongAnswer.body.errors.map((e) => e.field)).toEqual(['body.reason']);
  });
});
