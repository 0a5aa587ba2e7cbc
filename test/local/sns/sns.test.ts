import { createVerify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startAwsEndpoint, type AwsEndpoint } from '#local/aws-endpoint.ts';
import { createClock, type Clock } from '#local/clock.ts';
import { createInProcessInvoker } from '#local/lambda/in-process-invoker.ts';
import { createSnsService, type SnsService } from '#local/sns/service.ts';
import { testManifest } from '../fixtures/manifest.ts';
import { clearRecords, recorded, waitFor } from '../fixtures/recorder.ts';

const invoker = createInProcessInvoker({ manifest: testManifest, log: () => undefined });

interface LocalSns {
  clock: Clock;
  endpoint: AwsEndpoint;
  service: SnsService;
  client: SNSClient;
  close(): Promise<void>;
}

async function startSns(dataDir = ':memory:', scale = 1000): Promise<LocalSns> {
  const clock = createClock({ scale, dataDir });
  const service = await createSnsService({ dataDir, clock, lambda: invoker, log: () => undefined });
  const endpoint = await startAwsEndpoint({ port: 0, services: [service] });
  const client = new SNSClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    clock,
    endpoint,
    service,
    client,
    async close() {
      client.destroy();
      await endpoint.close();
      await service.close();
    },
  };
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  virtualAt: number;
}

/** An HTTP subscriber that answers with the given statuses in turn (then 200). */
async function startReceiver(clock: Clock, statuses: number[] = []): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body, virtualAt: clock.now() });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sns: LocalSns;
beforeAll(async () => {
  sns = await startSns();
});
afterAll(async () => {
  await sns.close();
});
afterEach(() => clearRecords());

const newTopic = async (name: string) => (await sns.client.send(new CreateTopicCommand({ Name: name }))).TopicArn as string;

interface SnsRecord {
  EventSource: string;
  EventSubscriptionArn: string;
  Sns: Record<string, unknown>;
}
const deliveredTo = (fn: string) => recorded<{ event: { Records: SnsRecord[] } }>(fn).map((r) => r.event.Records[0]);

/** Subscribes an HTTP receiver and confirms it by visiting SubscribeURL, as an endpoint must. */
async function confirmedHttpSubscription(topicArn: string, url: string, received: Received[], attributes: Record<string, string> = {}) {
  await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: url, Attributes: attributes }));
  const confirmation = JSON.parse((await waitFor(() => received[0], 3000, 'SubscriptionConfirmation')).body) as { SubscribeURL: string };
  const answer = await fetch(confirmation.SubscribeURL);
  expect(answer.status).toBe(200);
  received.length = 0;
  const subscriptions = await sns.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  return subscriptions.Subscriptions?.find((s) => s.Endpoint === url)?.SubscriptionArn as string;
}

describe('SNS topics through the SDK (query protocol)', () => {
  it('CreateTopic is idempotent, ListTopics lists, DeleteTopic removes the topic and its subscriptions', async () => {
    const arn = await newTopic('Departures');
    expect(arn).toBe('arn:aws:sns:us-east-1:000000000000:Departures');
    expect(await newTopic('Departures')).toBe(arn);
    await sns.client.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: invoker.functionArn('alertsAll') }));
    expect((await sns.client.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes).toMatchObject({ TopicArn: arn, SubscriptionsConfirmed: '1', SubscriptionsPending: '0' });
    expect((await sns.client.send(new ListTopicsCommand({}))).Topics).toContainEqual({ TopicArn: arn });
    await sns.client.send(new DeleteTopicCommand({ TopicArn: arn }));
    expect((await sns.client.send(new ListTopicsCommand({}))).Topics ?? []).not.toContainEqual({ TopicArn: arn });
    await expect(sns.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).rejects.toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('ListTopics pages by key: deleting topics already listed skips none of the rest (AWS pages 100 at a time)', async () => {
    const own = await startSns();
    try {
      const created: string[] = [];
      for (let n = 0; n < 110; n++) created.push((await own.client.send(new CreateTopicCommand({ Name: `Wagon-${String(n).padStart(3, '0')}` }))).TopicArn as string);
      const first = await own.client.send(new ListTopicsCommand({}));
      expect(first.Topics).toHaveLength(100);
      const deleted = (first.Topics ?? []).slice(0, 5).map((t) => t.TopicArn as string);
      for (const TopicArn of deleted) await own.client.send(new DeleteTopicCommand({ TopicArn }));
      const second = await own.client.send(new ListTopicsCommand({ NextToken: first.NextToken }));
      expect(second.NextToken).toBeUndefined();
      const listed = [...(first.Topics ?? []), ...(second.Topics ?? [])].map((t) => t.TopicArn);
      expect(new Set(listed).size).toBe(listed.length);
      expect(listed.filter((arn) => !deleted.includes(arn as string)).sort()).toEqual(created.filter((arn) => !deleted.includes(arn)).sort());
      await expect(own.client.send(new ListTopicsCommand({ NextToken: 'forged' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    } finally {
      await own.close();
    }
  });

  it('answers errors as AWS does: NotFound for a missing topic, InvalidParameter for a bad name or message', async () => {
    await expect(sns.client.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:Nope', Message: 'x' }))).rejects.toMatchObject({ name: 'NotFoundException', message: 'Topic does not exist' });
    await expect(sns.client.send(new CreateTopicCommand({ Name: 'bad name!' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const arn = await newTopic('Errors');
    await expect(sns.client.send(new PublishCommand({ TopicArn: arn, Message: '' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(sns.client.send(new PublishCommand({ TopicArn: arn, Message: 'x'.repeat(256 * 1024 + 1) }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Message too long' });
    await expect(
      sns.client.send(new PublishCommand({ TopicArn: arn, Message: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: 'abc' } } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });
});

describe('SNS deliveries to Lambda (asynchronous invocation, Records[].Sns event)', () => {
  it('sends the documented event shape, with message attributes as {Type, Value} and Subject null when absent', async () => {
    const topicArn = await newTopic('Arrivals');
    const { SubscriptionArn } = await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: invoker.functionArn('alertsAll') }));
    const { MessageId } = await sns.client.send(
      new PublishCommand({ TopicArn: topicArn, Message: '列车到达 / train arrived', MessageAttributes: { bureau: { DataType: 'String', StringValue: 'XJ' }, count: { DataType: 'Number', StringValue: '41' } } }),
    );
    const [record] = await waitFor(() => (deliveredTo('alertsAll').length ? deliveredTo('alertsAll') : undefined), 3000, 'a Lambda delivery');
    expect(record).toMatchObject({ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: SubscriptionArn });
    expect(record?.Sns).toMatchObject({
      Type: 'Notification',
      MessageId,
      TopicArn: topicArn,
      Subject: null,
      Message: '列车到达 / train arrived',
      SignatureVersion: '1',
      MessageAttributes: { bureau: { Type: 'String', Value: 'XJ' }, count: { Type: 'Number', Value: '41' } },
    });
    expect(record?.Sns.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(record?.Sns.UnsubscribeUrl).toContain(`Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(SubscriptionArn as string)}`);
    expect(record?.Sns).toHaveProperty('SigningCertUrl');
  });

  it('delivers only to subscriptions whose FilterPolicy (MessageAttributes scope) matches', async () => {
    const topicArn = await newTopic('Filtered');
    await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: invoker.functionArn('alertsXinjiang'), Attributes: { FilterPolicy: JSON.stringify({ bureau: ['XJ'], kind: [{ 'anything-but': 'test' }] }) } }));
    await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: invoker.functionArn('alertsAll') }));
    const publish = (bureau: string, kind: string) =>
      sns.client.send(new PublishCommand({ TopicArn: topicArn, Message: `${bureau}/${kind}`, MessageAttributes: { bureau: { DataType: 'String', StringValue: bureau }, kind: { DataType: 'String', StringValue: kind } } }));
    await publish('NM', 'alert');
    await publish('XJ', 'test');
    await publish('XJ', 'alert');
    await waitFor(() => (deliveredTo('alertsAll').length === 3 ? true : undefined), 3000, 'three deliveries');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deliveredTo('alertsXinjiang').map((r) => r?.Sns.Message)).toEqual(['XJ/alert']);
  });

  it('filters on the JSON body with FilterPolicyScope MessageBody, including nested keys', async () => {
    const topicArn = await newTopic('BodyFiltered');
    const { SubscriptionArn } = await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: invoker.functionArn('alertsXinjiang') }));
    await sns.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicyScope', AttributeValue: 'MessageBody' }));
    await sns.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify({ train: { port: [{ prefix: 'Alash' }] } }) }));
    expect((await sns.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes).toMatchObject({ FilterPolicyScope: 'MessageBody' });
    await sns.client.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ train: { port: 'Erenhot' } }) }));
    await sns.client.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ train: { port: 'Alashankou' } }) }));
    await waitFor(() => (deliveredTo('alertsXinjiang').length ? true : undefined), 3000, 'a delivery');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deliveredTo('alertsXinjiang').map((r) => JSON.parse(r?.Sns.Message as string))).toEqual([{ train: { port: 'Alashankou' } }]);
    // Switching back to attribute scope with a nested policy is refused, as on AWS.
    await expect(sns.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicyScope', AttributeValue: 'MessageAttributes' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses a second Subscribe of an endpoint with other attributes, and changes the filter with SetSubscriptionAttributes', async () => {
    const topicArn = await newTopic('Refiltered');
    const endpoint = invoker.functionArn('alertsXinjiang');
    const { SubscriptionArn } = await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: endpoint, Attributes: { FilterPolicy: JSON.stringify({ kind: ['a'] }) } }));
    await expect(
      sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: endpoint, Attributes: { FilterPolicy: JSON.stringify({ kind: ['b'] }) } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('already exists with different attributes') });
    await sns.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify({ kind: ['b'] }) }));
    expect((await sns.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes).toMatchObject({ FilterPolicy: '{"kind":["b"]}', FilterPolicyScope: 'MessageAttributes' });
    // The same endpoint with the filter it has now is the same subscription.
    const again = await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: endpoint, Attributes: { FilterPolicy: JSON.stringify({ kind: ['b'] }) } }));
    expect(again.SubscriptionArn).toBe(SubscriptionArn);
    const publish = (kind: string) => sns.client.send(new PublishCommand({ TopicArn: topicArn, Message: kind, MessageAttributes: { kind: { DataType: 'String', StringValue: kind } } }));
    await publish('a');
    await publish('b');
    await waitFor(() => (deliveredTo('alertsXinjiang').length ? true : undefined), 3000, 'a delivery');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deliveredTo('alertsXinjiang').map((r) => r?.Sns.Message)).toEqual(['b']);
    const bad = new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"kind":"b"}' });
    await expect(sns.client.send(bad)).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses raw message delivery for Lambda subscriptions', async () => {
    const topicArn = await newTopic('RawLambda');
    await expect(
      sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: invoker.functionArn('alertsAll'), Attributes: { RawMessageDelivery: 'true' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('PublishBatch publishes each entry and reports failed entries separately; batch-level errors as AWS names them', async () => {
    const topicArn = await newTopic('Batch');
    await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: invoker.functionArn('alertsAll') }));
    const result = await sns.client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: 'one' }, { Id: 'b', Message: '' }, { Id: 'c', Message: 'three', Subject: 'S' }] }));
    expect(result.Successful?.map((s) => s.Id)).toEqual(['a', 'c']);
    expect(result.Failed).toEqual([{ Id: 'b', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true }]);
    await waitFor(() => (deliveredTo('alertsAll').length === 2 ? true : undefined), 3000, 'two deliveries');
    expect(deliveredTo('alertsAll').map((r) => r?.Sns.Subject).sort()).toEqual(['S', null]);
    await expect(sns.client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [{ Id: 'x', Message: '1' }, { Id: 'x', Message: '2' }] }))).rejects.toMatchObject({ name: 'BatchEntryIdsNotDistinctException' });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: 'x' }));
    await expect(sns.client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: eleven }))).rejects.toMatchObject({ name: 'TooManyEntriesInBatchRequestException' });    // Each entry fits; all of them together are more than one publish may carry.
    const heavy = Array.from({ length: 3 }, (_, i) => ({ Id: `h${i}`, Message: 'x'.repeat(100 * 1024) }));
    await expect(sns.client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: heavy }))).rejects.toMatchObject({ name: 'BatchRequestTooLongException' });
  });
});

describe('SNS deliveries to HTTP endpoints', () => {
  it('requires confirmation: sends SubscriptionConfirmation, delivers nothing until SubscribeURL is visited', async () => {
    const receiver = await startReceiver(sns.clock);
    const topicArn = await newTopic('Webhooks');
    const { SubscriptionArn } = await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: receiver.url }));
    expect(SubscriptionArn).toBe('pending confirmation');
    const confirmation = await waitFor(() => receiver.received[0], 3000, 'SubscriptionConfirmation');
    expect(confirmation.headers['x-amz-sns-message-type']).toBe('SubscriptionConfirmation');
    const message = JSON.parse(confirmation.body) as Record<string, string>;
    expect(message).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn: topicArn, SignatureVersion: '1' });
    expect(message.Message).toContain(`You have chosen to subscribe to the topic ${topicArn}`);
    expect(message.SubscribeURL).toContain('Action=ConfirmSubscription');

    await sns.client.send(new PublishCommand({ TopicArn: topicArn, Message: 'before confirmation' }));
    expect((await sns.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions?.[0]?.SubscriptionArn).toBe('PendingConfirmation');
    expect(await (await fetch(message.SubscribeURL as string)).text()).toContain('<ConfirmSubscriptionResult><SubscriptionArn>');
    await sns.client.send(new PublishCommand({ TopicArn: topicArn, Message: 'after confirmation' }));
    const notification = await waitFor(() => receiver.received[1], 3000, 'a notification');
    expect(JSON.parse(notification.body)).toMatchObject({ Message: 'after confirmation' });
    expect(receiver.received).toHaveLength(2);
    await receiver.close();
  });

  it('posts the JSON envelope with SNS headers, signed over the documented canonical string', async () => {
    const receiver = await startReceiver(sns.clock);
    const topicArn = await newTopic('Envelope');
    const subscriptionArn = await confirmedHttpSubscription(topicArn, receiver.url, receiver.received);
    const { MessageId } = await sns.client.send(
      new PublishCommand({ TopicArn: topicArn, Subject: '预报 / pre-arrival', Message: 'Train X8001 due at Alashankou', MessageAttributes: { bureau: { DataType: 'String', StringValue: 'XJ' } } }),
    );
    const { headers, body } = await waitFor(() => receiver.received[0], 3000, 'a notification');
    expect(headers).toMatchObject({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': MessageId,
      'x-amz-sns-topic-arn': topicArn,
      'x-amz-sns-subscription-arn': subscriptionArn,
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
    });
    const envelope = JSON.parse(body) as Record<string, string>;
    expect(Object.keys(envelope)).toEqual(['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes']);
    expect(envelope).toMatchObject({ Type: 'Notification', MessageId, TopicArn: topicArn, Subject: '预报 / pre-arrival', Message: 'Train X8001 due at Alashankou', MessageAttributes: { bureau: { Type: 'String', Value: 'XJ' } } });
    const canonical = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'].map((k) => `${k}\n${envelope[k]}\n`).join('');
    expect(envelope.SigningCertURL).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/SimpleNotificationService-local\.pem$/);
    const certificate = await (await fetch(`${sns.endpoint.url}/SimpleNotificationService-local.pem`)).text();
    expect(createVerify('RSA-SHA1').update(canonical).verify(new X509Certificate(certificate).publicKey, envelope.Signature as string, 'base64')).toBe(true);

    // UnsubscribeURL works as a plain GET and the endpoint is told.
    expect((await fetch(envelope.UnsubscribeURL as string)).status).toBe(200);
    const goodbye = await waitFor(() => receiver.received[1], 3000, 'UnsubscribeConfirmation');
    expect(goodbye.headers['x-amz-sns-message-type']).toBe('UnsubscribeConfirmation');
    expect((await sns.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions).toEqual([]);
    await receiver.close();
  });

  it('sends the bare message with RawMessageDelivery', async () => {
    const receiver = await startReceiver(sns.clock);
    const topicArn = await newTopic('Raw');
    await confirmedHttpSubscription(topicArn, receiver.url, receiver.received, { RawMessageDelivery: 'true' });
    await sns.client.send(new PublishCommand({ TopicArn: topicArn, Message: '{"raw":true}' }));
    const delivery = await waitFor(() => receiver.received[0], 3000, 'a raw delivery');
    expect(delivery.body).toBe('{"raw":true}');
    await receiver.close();
  });

  it('retries a failing endpoint with AWS’s default HTTP policy: three retries, 20 seconds apart, on server errors only', async () => {
    // 500, 502, 503 then success: four attempts.
    const statuses: number[] = [];
    const flaky = await startReceiver(sns.clock, statuses);
    const flakyTopic = await newTopic('RetriesFlaky');
    await confirmedHttpSubscription(flakyTopic, flaky.url, flaky.received);
    statuses.push(500, 502, 503);
    await sns.client.send(new PublishCommand({ TopicArn: flakyTopic, Message: 'retry me' }));
    const attempts = await waitFor(() => (flaky.received.length === 4 ? flaky.received : undefined), 5000, 'four attempts');
    const gaps = attempts.slice(1).map((a, i) => a.virtualAt - (attempts[i] as Received).virtualAt);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(19_000);
      // Linear at 20 s, not growing (the upper bound leaves room for a busy machine).
      expect(gap).toBeLessThan(100_000);
    }

    // Always failing: 1 + 3 attempts, then SNS gives up.
    const downStatuses: number[] = [];
    const down = await startReceiver(sns.clock, downStatuses);
    const downTopic = await newTopic('RetriesDown');
    await confirmedHttpSubscription(downTopic, down.url, down.received);
    downStatuses.push(...Array<number>(10).fill(503));
    await sns.client.send(new PublishCommand({ TopicArn: downTopic, Message: 'lost' }));
    await waitFor(() => (down.received.length === 4 ? true : undefined), 5000, 'four attempts');
    await new Promise((resolve) => setTimeout(resolve, 150)); // > 100 virtual seconds
    expect(down.received).toHaveLength(4);

    // A client error is the endpoint's final answer: no retry.
    const rejectingStatuses: number[] = [];
    const rejecting = await startReceiver(sns.clock, rejectingStatuses);
    const rejectingTopic = await newTopic('RetriesRejecting');
    await confirmedHttpSubscription(rejectingTopic, rejecting.url, rejecting.received);
    rejectingStatuses.push(404, 404);
    await sns.client.send(new PublishCommand({ TopicArn: rejectingTopic, Message: 'no' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await waitFor(() => rejecting.received[0], 3000, 'one attempt');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(rejecting.received).toHaveLength(1);
    await Promise.all([flaky.close(), down.close(), rejecting.close()]);
  });

  it('follows a subscription DeliveryPolicy (numRetries, delays) and reports it as EffectiveDeliveryPolicy', async () => {
    const statuses: number[] = [];
    const down = await startReceiver(sns.clock, statuses);
    const topicArn = await newTopic('CustomPolicy');
    const policy = { healthyRetryPolicy: { numRetries: 1, minDelayTarget: 5, maxDelayTarget: 5 } };
    const subscriptionArn = await confirmedHttpSubscription(topicArn, down.url, down.received, { DeliveryPolicy: JSON.stringify(policy) });
    statuses.push(...Array<number>(10).fill(500));
    const attributes = (await sns.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }))).Attributes ?? {};
    expect(JSON.parse(attributes.EffectiveDeliveryPolicy as string).healthyRetryPolicy).toMatchObject({ numRetries: 1, minDelayTarget: 5, maxDelayTarget: 5, backoffFunction: 'linear' });
    await sns.client.send(new PublishCommand({ TopicArn: topicArn, Message: 'twice' }));
    await waitFor(() => (down.received.length === 2 ? true : undefined), 3000, 'two attempts');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(down.received).toHaveLength(2);
    expect((down.received[1] as Received).virtualAt - (down.received[0] as Received).virtualAt).toBeGreaterThanOrEqual(4_500);
    await expect(
      sns.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn, AttributeName: 'DeliveryPolicy', AttributeValue: JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 30, maxDelayTarget: 10 } }) })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await down.close();
  });

  it('uses the per-protocol message of MessageStructure=json', async () => {
    const receiver = await startReceiver(sns.clock);
    const topicArn = await newTopic('Structured');
    await confirmedHttpSubscription(topicArn, receiver.url, receiver.received);
    await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: invoker.functionArn('alertsAll') }));
    await sns.client.send(new PublishCommand({ TopicArn: topicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'for everyone', http: 'for webhooks' }) }));
    expect(JSON.parse((await waitFor(() => receiver.received[0], 3000, 'a delivery')).body).Message).toBe('for webhooks');
    expect((await waitFor(() => deliveredTo('alertsAll')[0], 3000, 'a Lambda delivery'))?.Sns.Message).toBe('for everyone');
    await expect(sns.client.send(new PublishCommand({ TopicArn: topicArn, MessageStructure: 'json', Message: '{"http":"x"}' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await receiver.close();
  });
});

describe('SNS topic tags and policy (AWS: test_sns.py test_tags, test_create_topic_test_arn)', () => {
  it('keeps the tags given at CreateTopic, adds, overwrites and removes them, and refuses duplicated keys', async () => {
    const { TopicArn } = await sns.client.send(new CreateTopicCommand({ Name: 'Tagged', Tags: [{ Key: 'k0', Value: 'v0' }] }));
    const tags = async () => (await sns.client.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags;
    expect(await tags()).toEqual([{ Key: 'k0', Value: 'v0' }]);
    await expect(
      sns.client.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'k1', Value: 'v1' }, { Key: 'k1', Value: 'v1' }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Duplicated keys are not allowed.' });
    await sns.client.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v2' }] }));
    await sns.client.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['k0', 'k1'] }));
    await sns.client.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'k2', Value: 'v2b' }] }));
    expect(await tags()).toEqual([{ Key: 'k2', Value: 'v2b' }]);
    await expect(sns.client.send(new CreateTopicCommand({ Name: 'Tagged', Tags: [{ Key: 'other', Value: 'x' }] }))).rejects.toMatchObject({
      message: 'Invalid parameter: Tags Reason: Topic already exists with different tags',
    });
    await sns.client.send(new DeleteTopicCommand({ TopicArn }));
    await expect(sns.client.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('reports the default access policy in GetTopicAttributes', async () => {
    const topicArn = await newTopic('Policed');
    const { Attributes } = await sns.client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    expect(JSON.parse(Attributes?.Policy ?? '{}')).toEqual({
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [
        {
          Sid: '__default_statement_ID',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
          Resource: topicArn,
          Condition: { StringEquals: { 'AWS:SourceOwner': '000000000000' } },
        },
      ],
    });
  });
});

interface SnsMessageValidator {
  validate(message: string | Record<string, unknown>, callback: (error: Error | null, message?: Record<string, unknown>) => void): void;
}
const MessageValidator = createRequire(import.meta.url)('sns-validator') as new (hostPattern?: RegExp) => SnsMessageValidator;

describe('SNS signing certificate', () => {
  it('is an X.509 certificate served over HTTPS at SigningCertURL, so sns-validator accepts the messages', async () => {
    const receiver = await startReceiver(sns.clock);
    const topicArn = await newTopic('Validated');
    await sns.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: receiver.url }));
    const confirmation = await waitFor(() => receiver.received[0], 3000, 'SubscriptionConfirmation');
    await fetch((JSON.parse(confirmation.body) as { SubscribeURL: string }).SubscribeURL);
    await sns.client.send(new PublishCommand({ TopicArn: topicArn, Subject: 'checked', Message: 'signed by the local SNS' }));
    const notification = await waitFor(() => receiver.received[1], 3000, 'a notification');

    const certificate = new X509Certificate(await (await fetch(`${sns.endpoint.url}/SimpleNotificationService-local.pem`)).text());
    expect(certificate.subjectAltName).toContain('IP Address:127.0.0.1');

    // What a subscriber does locally: trust the local certificate (in a process started with
    // NODE_EXTRA_CA_CERTS=<the PEM> this line is not needed) and allow the local host.
    const trusted = https.globalAgent.options.ca;
    https.globalAgent.options.ca = certificate.toString();
    onTestFinished(() => {
      https.globalAgent.options.ca = trusted;
    });
    const validator = new MessageValidator(/^127\.0\.0\.1:\d+$/);
    const validate = (body: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => validator.validate(body, (error, message) => (error ? reject(error) : resolve(message ?? {}))));
    expect(await validate(confirmation.body)).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn: topicArn });
    expect(await validate(notification.body)).toMatchObject({ Type: 'Notification', Message: 'signed by the local SNS' });
    const tampered = { ...(JSON.parse(notification.body) as Record<string, unknown>), Message: 'forged' };
    await expect(validate(JSON.stringify(tampered))).rejects.toThrow('The message signature is invalid.');
    await receiver.close();
  });

  it('is kept in DATA_DIR, so a certificate a client trusts stays valid across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sns-cert-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const pemOf = async (local: LocalSns) => (await fetch(`${local.endpoint.url}/SimpleNotificationService-local.pem`)).text();
    const first = await startSns(dataDir);
    const before = await pemOf(first);
    await first.close();
    const second = await startSns(dataDir);
    const after = await pemOf(second);
    await second.close();
    expect(after).toBe(before);
  });
});

describe('SNS state is durable', () => {
  it('keeps topics and subscriptions (with their attributes) across a restart on the same DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sns-'));
    try {
      const first = await startSns(dataDir, 1);
      const { TopicArn } = await first.client.send(new CreateTopicCommand({ Name: 'Durable' }));
      const { SubscriptionArn } = await first.client.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: invoker.functionArn('alertsAll'), Attributes: { FilterPolicy: '{"bureau":["HE"]}' } }));
      await first.close();
      const second = await startSns(dataDir, 1);
      expect((await second.client.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn }]);
      expect((await second.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes?.FilterPolicy).toBe('{"bureau":["HE"]}');
      await second.client.send(new UnsubscribeCommand({ SubscriptionArn }));
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
