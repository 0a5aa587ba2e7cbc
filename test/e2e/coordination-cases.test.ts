import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { DAY, inboundTrain } from '#test/domain/train-bodies.ts';
import { CaseDriver, generalCase, type CaseView } from './support/case-driver.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const cases = new CaseDriver(t, driver);

describe('coordination cases (协调机制, 408号 四（二）、（三）), end to end through the API', () => {
  it('resolves a case by the addressed bureau’s answer to its task, and tells the bureaus', async () => {
    const opened = await cases.open('CQ', generalCase());
    expect(opened).toMatchObject({ status: 'opened', leadBureau: 'XJ' });
    const task = await cases.task('SC', opened.id);
    expect(task).toMatchObject({ bureau: 'SC', kind: 'coordination-case', escalation: 0 });
    expect((await cases.read(opened.id, await driver.officer('SC'))).status).toBe('awaiting-answer');

    await driver.complete('SC', task.id, { resolution: '已通知成都各签证点，印章盖于首页。' });
    const settled = await cases.settled(opened.id);
    expect(settled).toMatchObject({ status: 'resolved', escalation: 0, outcome: { outcome: 'resolved', by: { bureau: 'SC' }, resolvedAs: 'addressed' } });
    expect(settled.history.map((entry) => entry.type)).toEqual(['opened', 'awaiting-answer', 'resolved']);
    // The lead bureau hears the resolution of a case in its group; HQ, which it never reached, does not.
    for (const bureau of ['CQ', 'XJ']) await cases.notices(await driver.officer(bureau), opened.id, ['case-resolved']);
    const hqInbox = await t.call<{ items: Array<{ kind: string; data?: { caseId?: string } }> }>('GET', '/notifications?limit=100', await driver.hq());
    expect(hqInbox.body.items.filter((n) => n.data?.caseId === opened.id)).toEqual([]);

    // A workflow execution HQ and the bureaus concerned review like any other.
    const execution = await t.call<{ execution: { workflow: string; status: string } }>('GET', `/executions/${opened.id}`, await driver.officer('SC'));
    expect(execution.body.execution).toMatchObject({ workflow: 'CoordinationCase', status: 'SUCCEEDED' });
    const again = await t.call('POST', `/cases/${opened.id}/resolve`, await driver.officer('SC'), { resolution: 'twice' });
    expect(again.status).toBe(409);
  });

  it('resolves through POST /cases/{id}/resolve and replays a keyed resolution', async () => {
    const opened = await cases.open('CQ', generalCase({ kind: 'inspection', addressedBureau: 'HB' }));
    await cases.task('HB', opened.id);
    const key = { 'idempotency-key': `resolve-${opened.id}` };
    const first = await t.call<CaseView>('POST', `/cases/${opened.id}/resolve`, await driver.officer('HB'), { resolution: '复检结果已共享。' }, key);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const replay = await t.call<CaseView>('POST', `/cases/${opened.id}/resolve`, await driver.officer('HB'), { resolution: '复检结果已共享。' }, key);
    expect(replay.status).toBe(200);
    expect(replay.body.outcome).toEqual(first.body.outcome);
    expect((await cases.settled(opened.id)).outcome?.resolvedAs).toBe('addressed');
  });

  it('ends withdrawn by its opener, and only by its opener', async () => {
    const opened = await cases.open('CQ', generalCase({ kind: 'release' }));
    const task = await cases.task('SC', opened.id);
    for (const bureau of ['SC', 'XJ']) {
      const refused = await t.call('POST', `/cases/${opened.id}/withdraw`, await driver.officer(bureau), { reason: 'not mine' });
      expect(refused.status, bureau).toBe(403);
    }
    const withdrawn = await t.call<CaseView>('POST', `/cases/${opened.id}/withdraw`, await driver.officer('CQ'), { reason: '货物已放行，无需再协调。' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const settled = await cases.settled(opened.id);
    expect(settled).toMatchObject({ status: 'withdrawn', outcome: { outcome: 'withdrawn', text: '货物已放行，无需再协调。', by: { bureau: 'CQ' } } });
    expect(settled.task).toMatchObject({ id: task.id, status: 'cancelled' });
    expect(settled.history.at(-1)).toMatchObject({ type: 'withdrawn', by: { bureau: 'CQ' } });
    await cases.notices(await driver.officer('SC'), opened.id, ['case-withdrawn']);
    const late = await t.call('POST', `/tasks/${task.id}/complete`, await driver.officer('SC'), { resolution: 'too late' });
    expect(late.status).toBe(409);
  });

  it('keeps a thread of messages by the parties, the lead bureau and HQ, closed with the case', async () => {
    const opened = await cases.open('CQ', generalCase());
    await cases.task('SC', opened.id);
    const posts: Array<[string, string]> = [
      [await driver.officer('CQ'), '请于本周内答复。'],
      [await driver.officer('SC'), '正在核实签证点做法。'],
      [await driver.officer('XJ'), '牵头局关注此事。'],
      [await driver.hq(), '总局通关司知悉。'],
    ];
    for (const [token, text] of posts) {
      const posted = await t.call<{ sequence: number }>('POST', `/cases/${opened.id}/messages`, token, { text });
      expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    }
    const stranger = await t.call('POST', `/cases/${opened.id}/messages`, await driver.officer('HL'), { text: 'not my case' });
    expect(stranger.status).toBe(403);
    const c = await cases.read(opened.id, await driver.officer('XJ'));
    expect(c.messages.map((m) => [m.sequence, m.by.bureau, m.text])).toEqual(posts.map(([, text], i) => [i + 1, ['CQ', 'SC', 'XJ', 'HQ'][i], text]));
    await cases.notices(await driver.officer('SC'), opened.id, ['case-message']);

    // A keyed message sent twice is one message.
    const key = { 'idempotency-key': `message-${opened.id}` };
    const once = await t.call<{ sequence: number }>('POST', `/cases/${opened.id}/messages`, await driver.officer('CQ'), { text: '补充材料已上传。' }, key);
    const twice = await t.call<{ sequence: number }>('POST', `/cases/${opened.id}/messages`, await driver.officer('CQ'), { text: '补充材料已上传。' }, key);
    expect(twice.body).toEqual(once.body);
    expect((await cases.read(opened.id)).messages).toHaveLength(5);

    await t.call('POST', `/cases/${opened.id}/withdraw`, await driver.officer('CQ'), { reason: 'settled by phone' });
    await cases.settled(opened.id);
    const closed = await t.call('POST', `/cases/${opened.id}/messages`, await driver.officer('CQ'), { text: 'after the end' });
    expect(closed.status).toBe(409);
  });

  it('opens cases about a consignment or a train in the group of its port, for a bureau that has a part in it', async () => {
    const filed = await driver.file(await driver.declarant('CQ', CREDIT_CODES.chongqingImporter), importFiling());
    // Chongqing, the destination, raises a release problem with the Alashankou port bureau, which also leads the group.
    const aboutConsignment = await cases.open('CQ', { ...generalCase({ kind: 'release', addressedBureau: 'XJ' }), subject: { type: 'consignment', consignmentId: filed.id } });
    expect(aboutConsignment.leadBureau).toBe('XJ');
    await cases.task('XJ', aboutConsignment.id);
    const outsider = await t.call('POST', '/cases', await driver.officer('HL'), { ...generalCase({ addressedBureau: 'XJ' }), subject: { type: 'consignment', consignmentId: filed.id } });
    expect(outsider.status).toBe(403);
    // The declarant reviews its consignment's executions; the case between bureaus is not among them.
    const declarantView = await t.call<{ items: Array<{ name: string }> }>('GET', `/executions?consignment=${filed.id}`, await driver.declarant('CQ', CREDIT_CODES.chongqingImporter));
    expect(declarantView.body.items.map((e) => e.name)).not.toContain(aboutConsignment.id);

    const train = await t.call<{ id: string }>('POST', '/trains', await driver.officer('XJ'), inboundTrain('X8101', Date.now() + 10 * DAY));
    expect(train.status, JSON.stringify(train.body)).toBe(201);
    const aboutTrain = await cases.open('SC', { ...generalCase({ kind: 'inspection', addressedBureau: 'CQ' }), subject: { type: 'train', trainId: train.body.id } });
    expect(aboutTrain.leadBureau).toBe('XJ');
    // A lead bureau that is not the port's is refused by field.
    const wrongLead = await t.call<{ errors: Array<{ field: string }> }>('POST', '/cases', await driver.officer('SC'), { ...generalCase({ addressedBureau: 'CQ', leadBureau: 'NM' }), subject: { type: 'train', trainId: train.body.id } });
    expect(wrongLead.status).toBe(400);
    expect(wrongLead.body.errors.map((e) => e.field)).toEqual(['body.leadBureau']);
  });

  it('lists cases for HQ, the opener, the addressed bureau and the lead bureau only', async () => {
    const opened = await cases.open('HN', generalCase({ addressedBureau: 'JS', leadBureau: 'NM' }));
    expect(opened.leadBureau).toBe('NM');
    const listed = async (token: string, query = '') => {
      const response = await t.call<{ items: Array<{ id: string; description?: string }> }>('GET', `/cases?limit=100${query}`, token);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.items.map((c) => c.id);
    };
    for (const bureau of ['HN', 'JS', 'NM']) expect(await listed(await driver.officer(bureau)), bureau).toContain(opened.id);
    expect(await listed(await driver.officer('XJ'))).not.toContain(opened.id);
    expect(await listed(await driver.hq())).toContain(opened.id);
    expect(await listed(await driver.hq(), '&bureau=JS')).toContain(opened.id);
    expect((await t.call('GET', '/cases?bureau=HN', await driver.officer('XJ'))).status).toBe(403);
    expect((await t.call('GET', `/cases/${opened.id}`, await driver.officer('XJ'))).status).toBe(403);
    expect((await t.call('GET', '/cases', await driver.declarant('CQ', CREDIT_CODES.chongqingImporter))).status).toBe(403);
    // HN and JS share only the NM-led group; naming none is enough. HN and HA share both: they must name one.
    const ambiguous = await t.call<{ errors: Array<{ field: string }> }>('POST', '/cases', await driver.officer('HN'), generalCase({ addressedBureau: 'HA' }));
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.errors.map((e) => e.field)).toEqual(['body.leadBureau']);
  });

  it('refuses bad input with problem+json naming the field, and writes nothing', async () => {
    const before = await cases.count();
    const bad: Array<[unknown, string]> = [
      [generalCase({ kind: 'gossip' }), 'body.kind'],
      [generalCase({ addressedBureau: 'CQ' }), 'body.addressedBureau'],
      [generalCase({ addressedBureau: 'HQ' }), 'body.addressedBureau'],
      [generalCase({ title: '' }), 'body.title'],
      [generalCase({ description: 'x'.repeat(4001) }), 'body.description'],
      [generalCase({ answerWithinHours: 0 }), 'body.answerWithinHours'],
      [{ ...generalCase(), subject: { type: 'consignment', consignmentId: 'NO-SUCH-CONSIGNMENT' } }, 'body.subject.consignmentId'],
      [{ ...generalCase(), subject: { type: 'train', trainId: 'X0000-20300101' } }, 'body.subject.trainId'],
    ];
    for (const [body, field] of bad) {
      const response = await t.call<{ errors: Array<{ field: string; message: string }> }>('POST', '/cases', await driver.officer('CQ'), body);
      expect(response.status, field).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((e) => e.field), field).toEqual([field]);
      expect(response.body.errors[0]?.message).toMatch(/[\u4e00-\u9fff].* \/ /);
    }
    expect(await cases.count()).toBe(before);
  });

  it('answers a repeated keyed opening with the same case, and refuses the key for another case', async () => {
    const before = await cases.count();
    const key = { 'idempotency-key': 'case-key-1' };
    const first = await cases.open('CQ', generalCase(), key);
    const repeated = await cases.open('CQ', generalCase(), key);
    expect(repeated).toEqual(first);
    const reused = await t.call('POST', '/cases', await driver.officer('CQ'), generalCase({ title: 'another case' }), key);
    expect(reused.status).toBe(422);
    expect(await cases.count()).toBe(before + 1);
  });

  it('counts cases by kind and time to resolution for HQ only', async () => {
    const opened = await cases.open('CQ', generalCase({ kind: 'other' }));
    const task = await cases.task('SC', opened.id);
    await driver.complete('SC', task.id, { resolution: 'done' });
    await cases.settled(opened.id);
    const stats = await t.call<{ total: { opened: number; resolved: number }; byKind: Record<string, { opened: number; resolved: number; timeToResolution?: { count: number; medianHours: number } }> }>(
      'GET',
      '/cases/stats',
      await driver.hq(),
    );
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    expect(stats.body.byKind.other).toMatchObject({ opened: 1, resolved: 1, timeToResolution: { count: 1 } });
    expect(stats.body.total.opened).toBeGreaterThanOrEqual(stats.body.total.resolved);
    expect((await t.call('GET', '/cases/stats', await driver.officer('CQ'))).status).toBe(403);
    const backwards = await t.call<{ errors: Array<{ field: string }> }>('GET', '/cases/stats?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z', await driver.hq());
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e) => e.field)).toEqual(['query.from']);
  });
});
