import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../scripts/openapi.ts';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';
import committedDocument from '../../functions/api/openapi.json' with { type: 'json' };

const t = useTestCloud();
const driver = new LifecycleDriver(t);

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
