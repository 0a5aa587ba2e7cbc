import { describe, expect, it } from 'vitest';
import { CREDIT_CODES } from '#test/domain/fixtures.ts';
import { DAY, inboundTrain } from '#test/domain/train-bodies.ts';
import { CaseDriver, generalCase } from './support/case-driver.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const cases = new CaseDriver(t, driver);

interface ReportView {
  id: string;
  kind: string;
  bureau: string;
  status: string;
  relatedCases: string[];
  relatedTrains: string[];
  acknowledgement?: { by: { bureau: string }; remarks?: string };
}

const goodPractice = (overrides: Record<string, unknown> = {}) => ({
  kind: 'good-practice',
  title: '回程班列“一次申报、一次查验”经验',
  body: '重庆局与阿拉山口局对接，回程班列在口岸仅做辐射监测与集装箱检疫，平均通关时间缩短至 6 小时。',
  ...overrides,
});

const noticeBody = (overrides: Record<string, unknown> = {}) => ({
  title: '中欧班列进口直通政策说明',
  body: '自即日起，经阿拉山口口岸进境的一般货物在目的地实施检验检疫，口岸免于开箱查验。',
  ...overrides,
});

async function reportIds(token: string, query = ''): Promise<string[]> {
  const response = await t.call<{ items: ReportView[] }>('GET', `/reports?limit=100${query}`, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items.map((r) => r.id);
}

describe('reports to HQ and policy notices (408号 三（十）)', () => {
  it('files a report citing a case and a train; HQ reads all and acknowledges once; the bureau hears of it', async () => {
    const opened = await cases.open('CQ', generalCase());
    const train = await t.call<{ id: string }>('POST', '/trains', await driver.officer('XJ'), inboundTrain('X8201', Date.now() + 12 * DAY));
    expect(train.status).toBe(201);
    const filed = await t.call<ReportView>('POST', '/reports', await driver.officer('CQ'), goodPractice({ relatedCases: [opened.id], relatedTrains: [train.body.id] }));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ bureau: 'CQ', status: 'filed', relatedCases: [opened.id], relatedTrains: [train.body.id] });

    expect(await reportIds(await driver.hq())).toContain(filed.body.id);
    expect(await reportIds(await driver.hq(), '&bureau=CQ')).toContain(filed.body.id);
    expect(await reportIds(await driver.officer('CQ'))).toContain(filed.body.id);
    expect(await reportIds(await driver.officer('SC'))).not.toContain(filed.body.id);
    expect((await t.call('GET', '/reports?bureau=CQ', await driver.officer('SC'))).status).toBe(403);

    expect((await t.call('POST', `/reports/${filed.body.id}/acknowledge`, await driver.officer('CQ'), {})).status).toBe(403);
    const acknowledged = await t.call<ReportView>('POST', `/reports/${filed.body.id}/acknowledge`, await driver.hq(), { remarks: '经验很好，转各直属局参考。' });
    expect(acknowledged.status, JSON.stringify(acknowledged.body)).toBe(200);
    expect(acknowledged.body).toMatchObject({ status: 'acknowledged', acknowledgement: { by: { bureau: 'HQ' }, remarks: '经验很好，转各直属局参考。' } });
    expect((await t.call('POST', `/reports/${filed.body.id}/acknowledge`, await driver.hq(), {})).status).toBe(409);
    expect((await t.call('POST', '/reports/NO-SUCH-REPORT/acknowledge', await driver.hq(), {})).status).toBe(404);

    const inbox = await t.call<{ items: Array<{ kind: string; data?: { reportId?: string } }> }>('GET', '/notifications?limit=100', await driver.hq());
    expect(inbox.body.items.some((n) => n.kind === 'report-filed' && n.data?.reportId === filed.body.id)).toBe(true);
  });

  it('refuses a report citing what the bureau cannot see or what does not exist, naming each, and writes nothing', async () => {
    const elsewhere = await cases.open('HN', generalCase({ addressedBureau: 'JS', leadBureau: 'NM' }));
    const before = (await reportIds(await driver.hq())).length;
    const bad: Array<[unknown, string[]]> = [
      [goodPractice({ relatedCases: [elsewhere.id, 'NO-SUCH-CASE'] }), ['body.relatedCases.0', 'body.relatedCases.1']],
      [goodPractice({ relatedTrains: ['X0000-20300101'] }), ['body.relatedTrains.0']],
      [goodPractice({ kind: 'complaint' }), ['body.kind']],
      [goodPractice({ relatedCases: ['A', 'A'] }), ['body.relatedCases']],
      [goodPractice({ body: '' }), ['body.body']],
    ];
    for (const [body, fields] of bad) {
      const response = await t.call<{ errors: Array<{ field: string }> }>('POST', '/reports', await driver.officer('CQ'), body);
      expect(response.status, fields.join()).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((e) => e.field)).toEqual(fields);
    }
    expect((await t.call('POST', '/reports', await driver.hq(), goodPractice())).status).toBe(403);
    expect((await reportIds(await driver.hq())).length).toBe(before);
  });

  it('answers a repeated keyed report with the same report', async () => {
    const key = { 'idempotency-key': 'report-key-1' };
    const first = await t.call<ReportView>('POST', '/reports', await driver.officer('SN'), goodPractice({ kind: 'suggestion' }), key);
    const again = await t.call<ReportView>('POST', '/reports', await driver.officer('SN'), goodPractice({ kind: 'suggestion' }), key);
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await t.call('POST', '/reports', await driver.officer('SN'), goodPractice({ title: 'other' }), key)).status).toBe(422);
    expect((await reportIds(await driver.officer('SN'))).filter((id) => id === first.body.id)).toHaveLength(1);
  });

  it('publishes policy notices of HQ and bureaus in a public feed, read without a token, page by page', async () => {
    const byCq = await t.call<{ id: string; bureau: string; publishedBy?: unknown }>('POST', '/policy-notices', await driver.officer('CQ'), noticeBody());
    expect(byCq.status, JSON.stringify(byCq.body)).toBe(201);
    expect(byCq.body.publishedBy).toBeUndefined();
    const byHq = await t.call<{ id: string }>('POST', '/policy-notices', await driver.hq(), noticeBody({ title: '总局关于支持中欧班列发展的措施', url: 'https://www.example.gov.cn/notice/408', effectiveFrom: '2016-09-01T00:00:00+08:00' }));
    expect(byHq.status).toBe(201);
    expect((await t.call('POST', '/policy-notices', await driver.declarant('CQ', CREDIT_CODES.chongqingImporter), noticeBody())).status).toBe(403);

    const feed = async (query: string) => {
      const response = await fetch(`${t.cloud.apiUrl}/policy-notices${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Array<{ id: string; bureau: string; publishedBy?: unknown }>; nextToken?: string };
    };
    const first = await feed('?limit=1');
    expect(first.items.map((n) => n.id)).toEqual([byHq.body.id]);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await feed(`?limit=1&nextToken=${encodeURIComponent(first.nextToken ?? '')}`);
    expect(second.items.map((n) => n.id)).toEqual([byCq.body.id]);
    expect((await feed('?bureau=CQ')).items.map((n) => n.bureau)).toEqual(['CQ']);
    expect(JSON.stringify(await feed(''))).not.toContain('publishedBy');

    const badQuery = await fetch(`${t.cloud.apiUrl}/policy-notices?limit=0`);
    expect(badQuery.status).toBe(400);
    const badBody = await t.call<{ errors: Array<{ field: string }> }>('POST', '/policy-notices', await driver.officer('CQ'), noticeBody({ url: 'http://insecure.example.cn/' }));
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors.map((e) => e.field)).toEqual(['body.url']);
    expect((await feed('?limit=100')).items).toHaveLength(2);
  });
});
