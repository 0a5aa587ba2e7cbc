import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicArn } from '#local/arns.ts';
import { MAX_WEBHOOKS_PER_BUREAU } from '#shared/lifecycle/webhooks/webhook-registration.ts';
import { buildOpenApi } from '../../scripts/openapi.ts';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';
import committedDocument from '../../functions/api/openapi.json' with { type: 'json' };

const t = useTestCloud();
const driver = new LifecycleDriver(t);

interface Webhook {
  id: string;
  url: string;
  bureau: string;
  kinds?: string[];
  filterPolicy: unknown;
  subscriptionArn: string;
}
const sns = () => new SNSClient({ endpoint: t.cloud.awsEndpointUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
async function filterPolicyOf(subscriptionArn: string): Promise<unknown> {
  const { Attributes } = await sns().send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }));
  return JSON.parse(Attributes?.FilterPolicy ?? 'null');
}
async function subscriptionsTo(url: string) {
  const { Subscriptions } = await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn('BureauNotifications') }));
  return (Subscriptions ?? []).filter((s) => s.Endpoint === url);
}

/** A bureau's system receiving SNS HTTP deliveries: it confirms the subscription, then collects. */
const received: Array<Record<string, unknown>> = [];
let receiver: Server;
let receiverUrl: string;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const message = JSON.parse(body) as Record<string, unknown>;
      if (message.Type === 'SubscriptionConfirmation') void fetch(String(message.SubscribeURL));
      else received.push(message);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cr-express/notices`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

describe('webhooks (POST /webhooks)', () => {
  it("delivers the bureau's own notifications, in SNS's envelope, and nobody else's", async () => {
    const registered = await t.call<{ subscriptionArn: string; filterPolicy: unknown }>('POST', '/webhooks', await driver.officer('XJ'), { url: receiverUrl });
    expect(registered.status).toBe(201);
    expect(registered.body.filterPolicy).toEqual({ bureau: ['XJ'] });

    // Through Manzhouli: only NM and ZJ are involved, so XJ hears nothing of it.
    const elsewhere = await driver.file(await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter), exportFiling({ portCode: 'MANZHOULI' }));
    await driver.task('ZJ', elsewhere.id, 'origin-inspection');
    const filed = await driver.file(await driver.declarant('CQ', CREDIT_CODES.chongqingImporter), importFiling());
    const delivery = await eventually(async () => received.find((m) => String(m.Message).includes(filed.id)), 'a webhook delivery');

    expect(delivery.Type).toBe('Notification');
    expect(delivery.TopicArn).toMatch(/:BureauNotifications$/);
    expect(delivery.MessageAttributes).toMatchObject({ bureau: { Type: 'String', Value: 'XJ' }, kind: { Type: 'String', Value: 'task:port-checks' } });
    expect(JSON.parse(String(delivery.Message))).toMatchObject({ bureau: 'XJ', consignmentId: filed.id });
    expect(received.some((m) => String(m.Message).includes(elsewhere.id))).toBe(false);
  });

  it('updates the filter of a URL registered again (200) instead of failing on SNS, and names the kinds', async () => {
    const url = `${receiverUrl}/kinds`;
    const hb = await driver.officer('HB');
    const first = await t.call<Webhook>('POST', '/webhooks', hb, { url, kinds: ['task:port-checks'] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ url, bureau: 'HB', kinds: ['task:port-checks'], filterPolicy: { bureau: ['HB'], kind: ['task:port-checks'] } });

    const again = await t.call<Webhook>('POST', '/webhooks', hb, { url, kinds: ['escalation', 'task:destination-inspection', 'escalation'] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, subscriptionArn: first.body.subscriptionArn, kinds: ['escalation', 'task:destination-inspection'] });
    expect(await filterPolicyOf(first.body.subscriptionArn)).toEqual({ bureau: ['HB'], kind: ['escalation', 'task:destination-inspection'] });

    const allKinds = await t.call<Webhook>('POST', '/webhooks', hb, { url });
    expect(allKinds.status).toBe(200);
    expect(allKinds.body).not.toHaveProperty('kinds');
    expect(await filterPolicyOf(first.body.subscriptionArn)).toEqual({ bureau: ['HB'] });
    expect((await t.call('POST', '/webhooks', hb, { url })).status).toBe(200);
    expect(await subscriptionsTo(url)).toHaveLength(1);
  });

  it("refuses a URL that another bureau's webhook uses (409 webhook-url-taken), keeping no slot for it", async () => {
    const url = `${receiverUrl}/shared`;
    expect((await t.call('POST', '/webhooks', await driver.officer('XJ'), { url, kinds: ['escalation'] })).status).toBe(201);
    const cq = await driver.officer('CQ');
    for (const kinds of [undefined, ['escalation']]) {
      const refused = await t.call<{ type: string }>('POST', '/webhooks', cq, { url, ...(kinds && { kinds }) });
      expect(refused.status).toBe(409);
      expect(refused.body.type).toBe('urn:cr-express:problem:webhook-url-taken');
    }
    expect(await subscriptionsTo(url)).toHaveLength(1);
    expect((await t.call('POST', '/webhooks', cq, { url: `${receiverUrl}/cq-own` })).status).toBe(201);
  });

  it(`caps a bureau's webhooks at ${MAX_WEBHOOKS_PER_BUREAU}: beyond it 409 webhook-limit, and nothing is subscribed`, async () => {
    const tj = await driver.officer('TJ');
    const urls = Array.from({ length: MAX_WEBHOOKS_PER_BUREAU + 1 }, (_, i) => `${receiverUrl}/tj/${i}`);
    for (const url of urls.slice(0, -1)) expect((await t.call('POST', '/webhooks', tj, { url })).status).toBe(201);
    const refused = await t.call<{ type: string }>('POST', '/webhooks', tj, { url: urls.at(-1) });
    expect(refused.status).toBe(409);
    expect(refused.contentType).toBe('application/problem+json');
    expect(refused.body.type).toBe('urn:cr-express:problem:webhook-limit');
    expect(await subscriptionsTo(urls.at(-1)!)).toHaveLength(0);
    // A URL registered before can still change its filter at the cap.
    expect((await t.call('POST', '/webhooks', tj, { url: urls[0], kinds: ['escalation'] })).status).toBe(200);
  });

  it('keeps the cap when registrations race, and never answers 500', async () => {
    const ln = await driver.officer('LN');
    const responses = await Promise.all(Array.from({ length: MAX_WEBHOOKS_PER_BUREAU + 4 }, (_, i) => t.call('POST', '/webhooks', ln, { url: `${receiverUrl}/ln/${i}` })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThanOrEqual(MAX_WEBHOOKS_PER_BUREAU);
    const subscribed = await Promise.all(responses.map((_, i) => subscriptionsTo(`${receiverUrl}/ln/${i}`)));
    expect(subscribed.flat()).toHaveLength(created);
  });

  it('refuses a plain-http webhook to another host, naming the field', async () => {
    const response = await t.call<{ errors: Array<{ field: string }> }>('POST', '/webhooks', await driver.officer('XJ'), { url: 'http://bureau.example.cn/hook' });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.field)).toEqual(['body.url']);
  });
});

describe('the API contract (GET /openapi.json)', () => {
  it('serves the committed OpenAPI 3.1 document, which is what the handlers validate with (npm run openapi)', async () => {
    const served = await fetch(`${t.cloud.apiUrl}/openapi.json`);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(committedDocument);
    expect(JSON.parse(JSON.stringify(await buildOpenApi()))).toEqual(committedDocument);
  });

  it('documents the filing body from its zod schema, with the fields of the contract', () => {
    const filing = committedDocument.paths['/consignments'].post.requestBody.content['application/json'].schema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(filing.properties)).toEqual(expect.arrayContaining(['direction', 'portCode', 'tradeMode', 'transportMode', 'destinationBureau', 'originBureau', 'consignor', 'consignee', 'containers', 'goods', 'trainId', 'permits', 'thirdPartyCertificates']));
    expect(filing.required).toEqual(expect.arrayContaining(['direction', 'portCode', 'containers', 'goods']));
  });
});
