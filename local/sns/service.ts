import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT, topicArn } from '../arns.ts';
import { readBody, type AwsProtocolService } from '../aws-endpoint.ts';
import type { Clock } from '../clock.ts';
import { keysetPage, type KeysetPage } from '../keyset-page.ts';
import { createAsyncLambdaInvoker } from '../lambda/async-invoke.ts';
import type { LambdaInvoker } from '../lambda/invoker-types.ts';
import { createTimerSet } from '../timer-set.ts';
import {
  effectiveDeliveryPolicy,
  effectivePolicyJson,
  retryDelaysSeconds,
  validateSubscriptionDeliveryPolicy,
  validateTopicDeliveryPolicy,
} from './delivery-policy.ts';
import {
  FilterPolicyError,
  matchesFilterPolicy,
  parseFilterPolicy,
  parseFilterPolicyScope,
  type MessageAttributeValue,
} from './filter-policy.ts';
import { startCertificateServer, type CertificateServer } from './certificate-server.ts';
import { confirmationMessage, createMessageSigner, httpNotification, lambdaEvent, SIGNING_CERT_PATH, type MessageSigner, type PublishedMessage } from './messages.ts';
import { actionResponse, attributesXml, el, errorResponse, invalidParameter, notFound, QueryParams, SnsError } from './query-protocol.ts';
import { loadOrCreateSigningIdentity, type SigningIdentity } from './signing-certificate.ts';
import { openSnsStore, type SubscriptionRecord, type TopicRecord } from './store.ts';
import { defaultTopicPolicy, readTags, tagKeys, tagsXml } from './topic-tags.ts';

/**
 * SNS for the local cloud: the query protocol the SDK speaks, durable topics and subscriptions,
 * and deliveries to local Lambda functions (asynchronous invocations) and HTTP/S endpoints
 * (with SNS's envelope, subscription confirmation and delivery retries).
 */
export interface SnsServiceOptions {
  /** `DATA_DIR`; topics and subscriptions survive restarts unless it is `:memory:`. */
  dataDir?: string;
  clock: Clock;
  lambda: LambdaInvoker;
  /** The URL subscribers use to reach this endpoint; by default the Host the request came to. */
  endpointUrl?: string;
  /** How long an HTTP/S endpoint has to answer one delivery attempt (AWS: 15 s). */
  httpTimeoutMs?: number;
  /** Where the HTTPS listener behind `SigningCertURL` listens: 127.0.0.1 and a free port by default. */
  certificateHost?: string;
  certificatePort?: number;
  log?: (line: string) => void;
}

export interface SnsService extends AwsProtocolService {
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_ATTRIBUTES = 10;
const MAX_BATCH_ENTRIES = 10;
const PAGE_SIZE = 100;
const SUPPORTED_PROTOCOLS = new Set(['lambda', 'http', 'https']);
const SUBSCRIPTION_ATTRIBUTES = new Set(['DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy']);
const TOPIC_ATTRIBUTES = new Set([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'SignatureVersion',
  'TracingConfig',
  'KmsMasterKeyId',
  'FifoTopic',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'DataProtectionPolicy',
  'FifoThroughputScope',
]);

interface RequestContext {
  params: QueryParams;
  endpointUrl: string;
}

/** A page of topics or subscriptions by ARN; the token names the last ARN, so deletions do not shift pages. */
function page<T extends { arn: string }>(items: Iterable<T>, token: string | undefined): KeysetPage<T> {
  return keysetPage(items, { key: (item) => [item.arn], limit: PAGE_SIZE, token, invalidToken: () => invalidParameter('Invalid parameter: NextToken') });
}

function parseMessageAttributes(params: QueryParams): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}`); n++) {
    const entry = params.under(`MessageAttributes.entry.${n}`);
    const name = entry.get('Name') ?? '';
    const dataType = entry.get('Value.DataType') ?? '';
    const stringValue = entry.get('Value.StringValue');
    const binaryValue = entry.get('Value.BinaryValue');
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || name.includes('..') || /^(aws\.|amazon\.)/i.test(name) || name.startsWith('.') || name.endsWith('.')) {
      throw invalidParameter(`Invalid parameter: MessageAttributes: invalid attribute name '${name}'`);
    }
    if (!/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
      throw new SnsError('ParameterValueInvalid', `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    if (dataType.startsWith('Binary')) {
      if (!binaryValue) throw new SnsError('ParameterValueInvalid', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
      attributes[name] = { DataType: dataType, BinaryValue: binaryValue };
      continue;
    }
    if (stringValue === undefined || stringValue === '') {
      throw new SnsError('ParameterValueInvalid', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
    }
    if (dataType.startsWith('Number') && !Number.isFinite(Number(stringValue))) {
      throw new SnsError('ParameterValueInvalid', `Could not cast message attribute '${name}' value to number.`);
    }
    if (dataType === 'String.Array') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(stringValue);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed)) throw new SnsError('ParameterValueInvalid', `The message attribute '${name}' with type 'String.Array' must be a JSON array.`);
    }
    attributes[name] = { DataType: dataType, StringValue: stringValue };
  }
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) throw invalidParameter(`Invalid parameter: MessageAttributes: at most ${MAX_ATTRIBUTES} attributes`);
  return attributes;
}

interface PublishInput {
  message: string;
  subject?: string;
  structure?: string;
  attributes: Record<string, MessageAttributeValue>;
}

function readPublishInput(params: QueryParams): PublishInput {
  const message = params.get('Message');
  if (message === undefined || message === '') throw invalidParameter('Invalid parameter: Empty message');
  const subject = params.get('Subject');
  if (subject !== undefined && (subject.length === 0 || subject.length > 100 || /[\r\n]/.test(subject))) throw invalidParameter('Invalid parameter: Subject');
  const structure = params.get('MessageStructure');
  if (structure !== undefined && structure !== 'json') throw invalidParameter('Invalid parameter: MessageStructure');
  if (structure === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      throw invalidParameter('Invalid parameter: Message Structure - JSON message body failed to parse');
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as Record<string, unknown>).default !== 'string') {
      throw invalidParameter('Invalid parameter: Message Structure - No default entry in JSON message body');
    }
  }
  const attributes = parseMessageAttributes(params);
  if (publishSize(message, attributes) > MAX_MESSAGE_BYTES) throw invalidParameter('Invalid parameter: Message too long');
  return { message, subject, structure, attributes };
}

/** What counts towards SNS's size limits: the message and each attribute's name, type and value. */
function publishSize(message: string, attributes: ReturnType<typeof parseMessageAttributes>): number {
  return Buffer.byteLength(message) + Object.entries(attributes).reduce((sum, [n, v]) => sum + Buffer.byteLength(n + v.DataType + (v.StringValue ?? v.BinaryValue ?? '')), 0);
}

/** The message a protocol receives: with `MessageStructure=json`, its own key or `default`. */
function messageFor(input: PublishInput, protocol: string): string {
  if (input.structure !== 'json') return input.message;
  const perProtocol = JSON.parse(input.message) as Record<string, unknown>;
  const specific = perProtocol[protocol];
  return typeof specific === 'string' ? specific : (perProtocol.default as string);
}

export async function createSnsService(options: SnsServiceOptions): Promise<SnsService> {
  const { clock } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = openSnsStore(options.dataDir);
  // The RSA key takes a moment to make; start-up does not wait for it, only the first request does.
  interface Signing {
    identity: SigningIdentity;
    signer: MessageSigner;
    certificates: CertificateServer;
  }
  const signingReady: Promise<Signing> = loadOrCreateSigningIdentity(options.dataDir).then(async (identity) => ({
    identity,
    signer: createMessageSigner(identity),
    certificates: await startCertificateServer(identity, options.certificateHost ?? '127.0.0.1', options.certificatePort),
  }));
  signingReady.catch(() => undefined); // reported by the request that awaits it
  let signing: Signing | undefined;
  function ready(): Signing {
    if (!signing) throw new Error('The SNS signing key is not ready');
    return signing;
  }
  const signer: MessageSigner = { sign: (fields, version) => ready().signer.sign(fields, version) };
  const signingCertUrl = (endpointUrl: string) => ready().certificates.urlFor(endpointUrl);
  const timers = createTimerSet(clock);
  const asyncLambda = createAsyncLambdaInvoker({ invoker: options.lambda, clock, log });
  const inFlight = new AbortController();
  const httpTimeoutMs = options.httpTimeoutMs ?? 15_000;
  const timestamp = () => new Date(clock.now()).toISOString();

  const topicOf = (arn: string | undefined): TopicRecord => {
    const topic = arn ? store.topics.get(arn) : undefined;
    if (!topic) throw notFound('Topic does not exist');
    return topic;
  };
  const subscriptionOf = (arn: string): SubscriptionRecord => {
    const subscription = store.subscriptions.get(arn);
    if (!subscription) throw notFound('Subscription does not exist');
    return subscription;
  };
  /** The topic a tagging call names: ResourceNotFound, not NotFound, as the tagging API answers. */
  const taggable = (arn: string): TopicRecord => {
    const topic = store.topics.get(arn);
    if (!topic) throw new SnsError('ResourceNotFound', 'Resource does not exist', 404);
    return topic;
  };
  const signatureVersion = (topic: TopicRecord) => topic.attributes.SignatureVersion ?? '1';

  // ---- delivery ---------------------------------------------------------------------------

  type Outcome = 'delivered' | 'retry' | 'rejected';

  async function post(url: string, body: string, headers: Record<string, string>): Promise<Outcome> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.any([inFlight.signal, AbortSignal.timeout(httpTimeoutMs)]),
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) return 'delivered';
      // Server errors are retried; other answers are the endpoint's final word.
      return response.status >= 500 ? 'retry' : 'rejected';
    } catch {
      return inFlight.signal.aborted ? 'rejected' : 'retry';
    }
  }

  /** One HTTP/S delivery with the subscription's retry policy on the local clock. */
  function deliverHttp(topic: TopicRecord, subscription: SubscriptionRecord, body: string, headers: Record<string, string>): void {
    const policy = effectiveDeliveryPolicy(topic.attributes.DeliveryPolicy, subscription.attributes.DeliveryPolicy);
    const delays = retryDelaysSeconds(policy.healthyRetryPolicy);
    const fullHeaders = { ...headers, 'content-type': policy.contentType, 'user-agent': 'Amazon Simple Notification Service Agent' };
    const attempt = (retry: number): void => {
      if (!store.subscriptions.has(subscription.arn)) return;
      void post(subscription.endpoint, body, fullHeaders).then((outcome) => {
        if (outcome === 'delivered') return;
        const delay = delays[retry];
        if (outcome === 'retry' && delay !== undefined) {
          timers.at(clock.now() + delay * 1000, () => attempt(retry + 1));
          return;
        }
        log(`SNS gave up delivering ${headers['x-amz-sns-message-id']} to ${subscription.endpoint} after ${retry + 1} attempts (${outcome})`);
      });
    };
    attempt(0);
  }

  function sendConfirmation(type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation', topic: TopicRecord, subscription: SubscriptionRecord, endpointUrl: string): void {
    const messageId = randomUUID();
    const body = confirmationMessage(type, { messageId, topicArn: topic.arn, token: subscription.token ?? '', timestamp: timestamp() }, { endpointUrl, signingCertUrl: signingCertUrl(endpointUrl), signer, signatureVersion: signatureVersion(topic) });
    const headers = { 'x-amz-sns-message-type': type, 'x-amz-sns-message-id': messageId, 'x-amz-sns-topic-arn': topic.arn };
    if (type === 'UnsubscribeConfirmation') {
      void post(subscription.endpoint, JSON.stringify(body, null, 2), { ...headers, 'content-type': 'text/plain; charset=UTF-8' });
      return;
    }
    deliverHttp(topic, subscription, JSON.stringify(body, null, 2), headers);
  }

  function fanOut(topic: TopicRecord, input: PublishInput, messageId: string, endpointUrl: string): void {
    const published = timestamp();
    for (const subscription of store.subscriptions.values()) {
      if (subscription.topicArn !== topic.arn || !subscription.confirmed) continue;
      const message: PublishedMessage = { messageId, topicArn: topic.arn, subject: input.subject, message: messageFor(input, subscription.protocol), timestamp: published, attributes: input.attributes };
      const scope = parseFilterPolicyScope(subscription.attributes.FilterPolicyScope);
      const policy = parseFilterPolicy(subscription.attributes.FilterPolicy ?? '', scope);
      if (!matchesFilterPolicy(policy, scope, { attributes: message.attributes, body: message.message })) continue;
      const context = { endpointUrl, signingCertUrl: signingCertUrl(endpointUrl), subscriptionArn: subscription.arn, signer, signatureVersion: signatureVersion(topic) };
      if (subscription.protocol === 'lambda') {
        asyncLambda.invoke(subscription.endpoint, lambdaEvent(message, context));
        continue;
      }
      const raw = subscription.attributes.RawMessageDelivery === 'true';
      deliverHttp(topic, subscription, raw ? message.message : JSON.stringify(httpNotification(message, context), null, 2), {
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-message-id': messageId,
        'x-amz-sns-topic-arn': topic.arn,
        'x-amz-sns-subscription-arn': subscription.arn,
        ...(raw && { 'x-amz-sns-rawdelivery': 'true' }),
      });
    }
  }

  // ---- attributes -------------------------------------------------------------------------

  function checkSubscriptionAttribute(protocol: string, name: string, value: string, attributes: Record<string, string>): void {
    if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw invalidParameter(`Invalid parameter: AttributeName`);
    try {
      if (name === 'FilterPolicy') parseFilterPolicy(value, parseFilterPolicyScope(attributes.FilterPolicyScope));
      if (name === 'FilterPolicyScope') parseFilterPolicy(attributes.FilterPolicy ?? '', parseFilterPolicyScope(value));
    } catch (error) {
      if (error instanceof FilterPolicyError) throw invalidParameter(error.message);
      throw error;
    }
    if (name === 'RawMessageDelivery') {
      if (value !== 'true' && value !== 'false') throw invalidParameter('Invalid parameter: RawMessageDelivery: must be true or false');
      if (protocol === 'lambda' && value === 'true') throw invalidParameter('Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.');
    }
    if (name === 'DeliveryPolicy') validateSubscriptionDeliveryPolicy(value);
  }

  function subscriptionAttributes(subscription: SubscriptionRecord): Record<string, string> {
    const topic = store.topics.get(subscription.topicArn);
    const http = subscription.protocol === 'http' || subscription.protocol === 'https';
    return {
      Owner: subscription.owner,
      RawMessageDelivery: 'false',
      TopicArn: subscription.topicArn,
      Endpoint: subscription.endpoint,
      Protocol: subscription.protocol,
      PendingConfirmation: String(!subscription.confirmed),
      ConfirmationWasAuthenticated: String(subscription.confirmed),
      SubscriptionArn: subscription.arn,
      SubscriptionPrincipal: `arn:aws:iam::${LOCAL_ACCOUNT}:user/local`,
      ...(http && { EffectiveDeliveryPolicy: effectivePolicyJson(effectiveDeliveryPolicy(topic?.attributes.DeliveryPolicy, subscription.attributes.DeliveryPolicy)) }),
      ...(subscription.attributes.FilterPolicy !== undefined && { FilterPolicyScope: 'MessageAttributes' }),
      ...subscription.attributes,
    };
  }

  function checkTopicAttribute(name: string, value: string): void {
    if (!TOPIC_ATTRIBUTES.has(name)) throw invalidParameter(`Invalid parameter: AttributeName`);
    if (name === 'SignatureVersion' && value !== '1' && value !== '2') throw invalidParameter('Invalid parameter: SignatureVersion');
    if (name === 'DeliveryPolicy') validateTopicDeliveryPolicy(value);
  }

  // ---- actions ----------------------------------------------------------------------------

  const subscriptionMember = (s: SubscriptionRecord) =>
    el('member', [el('SubscriptionArn', s.confirmed ? s.arn : 'PendingConfirmation'), el('Owner', s.owner), el('Protocol', s.protocol), el('Endpoint', s.endpoint), el('TopicArn', s.topicArn)]);

  const actions: Record<string, (request: RequestContext) => string[] | undefined> = {
    CreateTopic({ params }) {
      const name = params.required('Name');
      const fifo = name.endsWith('.fifo');
      if (!/^[A-Za-z0-9_-]{1,256}$/.test(fifo ? name.slice(0, -5) : name)) throw invalidParameter('Invalid parameter: Topic Name');
      const attributes = params.stringMap('Attributes');
      Object.entries(attributes).forEach(([n, v]) => checkTopicAttribute(n, v));
      if (fifo !== (attributes.FifoTopic === 'true')) throw invalidParameter('Invalid parameter: Fifo Topic names must end with .fifo and must be made with FifoTopic attribute set to true');
      const arn = topicArn(name);
      const existing = store.topics.get(arn);
      const tags = readTags(params, {});
      if (existing) {
        if (Object.entries(attributes).some(([n, v]) => existing.attributes[n] !== v)) throw invalidParameter('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
        // AWS: the same name again with tags the topic lacks (or with other values) is refused.
        if (Object.entries(tags).some(([k, v]) => existing.tags[k] !== v)) throw invalidParameter('Invalid parameter: Tags Reason: Topic already exists with different tags');
        return [el('TopicArn', arn)];
      }
      store.topics.set(arn, { arn, name, attributes, tags });
      store.save();
      return [el('TopicArn', arn)];
    },

    DeleteTopic({ params }) {
      const arn = params.required('TopicArn');
      // Deleting a topic that does not exist is not an error.
      if (store.topics.delete(arn)) {
        for (const [subscriptionArn, s] of store.subscriptions) if (s.topicArn === arn) store.subscriptions.delete(subscriptionArn);
        store.save();
      }
      return undefined;
    },

    ListTopics({ params }) {
      const { items, nextToken } = page(store.topics.values(), params.get('NextToken'));
      return [el('Topics', items.map((t) => el('member', [el('TopicArn', t.arn)]))), el('NextToken', nextToken)];
    },

    GetTopicAttributes({ params }) {
      const topic = topicOf(params.required('TopicArn'));
      const subscriptions = [...store.subscriptions.values()].filter((s) => s.topicArn === topic.arn);
      return attributesXml({
        TopicArn: topic.arn,
        Owner: LOCAL_ACCOUNT,
        DisplayName: '',
        SubscriptionsConfirmed: String(subscriptions.filter((s) => s.confirmed).length),
        SubscriptionsPending: String(subscriptions.filter((s) => !s.confirmed).length),
        SubscriptionsDeleted: '0',
        EffectiveDeliveryPolicy: JSON.stringify({ http: { defaultHealthyRetryPolicy: effectiveDeliveryPolicy(topic.attributes.DeliveryPolicy, undefined).healthyRetryPolicy, disableSubscriptionOverrides: false } }),
        Policy: defaultTopicPolicy(topic.arn, LOCAL_ACCOUNT),
        ...topic.attributes,
      });
    },

    SetTopicAttributes({ params }) {
      const topic = topicOf(params.required('TopicArn'));
      const name = params.required('AttributeName');
      const value = params.get('AttributeValue') ?? '';
      checkTopicAttribute(name, value);
      topic.attributes[name] = value;
      store.save();
      return undefined;
    },

    Publish({ params, endpointUrl }) {
      if (params.get('PhoneNumber')) throw invalidParameter('Invalid parameter: PhoneNumber: SMS is not emulated locally');
      const topic = topicOf(params.get('TopicArn') ?? params.get('TargetArn'));
      const input = readPublishInput(params);
      const messageId = randomUUID();
      fanOut(topic, input, messageId, endpointUrl);
      return [el('MessageId', messageId)];
    },

    PublishBatch({ params, endpointUrl }) {
      const topic = topicOf(params.required('TopicArn'));
      const entries = params.members('PublishBatchRequestEntries');
      if (entries.length === 0) throw new SnsError('EmptyBatchRequest', 'The batch request does not contain any entries.');
      if (entries.length > MAX_BATCH_ENTRIES) throw new SnsError('TooManyEntriesInBatchRequest', `The batch request contains more entries than permissible (${MAX_BATCH_ENTRIES}).`);
      const ids = entries.map((e) => e.get('Id') ?? '');
      if (new Set(ids).size !== ids.length) throw new SnsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
      if (ids.some((id) => !/^[A-Za-z0-9_-]{1,80}$/.test(id))) throw new SnsError('InvalidBatchEntryId', 'The Id of a batch entry in a batch request does not abide by the specification.');
      // The whole batch, not only each message, is held to the 256 KiB of one publish.
      const total = entries.reduce((sum, entry) => sum + publishSize(entry.get('Message') ?? '', parseMessageAttributes(entry)), 0);
      if (total > MAX_MESSAGE_BYTES) throw new SnsError('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.');
      const successful: string[] = [];
      const failed: string[] = [];
      for (const [index, entry] of entries.entries()) {
        const id = ids[index] ?? '';
        try {
          const input = readPublishInput(entry);
          const messageId = randomUUID();
          fanOut(topic, input, messageId, endpointUrl);
          successful.push(el('member', [el('Id', id), el('MessageId', messageId)]));
        } catch (error) {
          if (!(error instanceof SnsError)) throw error;
          failed.push(el('member', [el('Id', id), el('Code', error.code), el('Message', error.message), el('SenderFault', true)]));
        }
      }
      return [el('Successful', successful), el('Failed', failed)];
    },

    TagResource({ params }) {
      const topic = taggable(params.required('ResourceArn'));
      topic.tags = readTags(params, topic.tags);
      store.save();
      return [];
    },

    UntagResource({ params }) {
      const topic = taggable(params.required('ResourceArn'));
      for (const key of tagKeys(params)) delete topic.tags[key];
      store.save();
      return [];
    },

    ListTagsForResource({ params }) {
      return [tagsXml(taggable(params.required('ResourceArn')).tags)];
    },

    Subscribe({ params, endpointUrl }) {
      const topic = topicOf(params.required('TopicArn'));
      const protocol = params.required('Protocol');
      const endpoint = params.get('Endpoint') ?? '';
      if (!SUPPORTED_PROTOCOLS.has(protocol)) throw invalidParameter(`Invalid parameter: Protocol: the local cloud delivers to lambda, http and https, not ${protocol}`);
      if (protocol === 'lambda' && !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/.test(endpoint)) throw invalidParameter('Invalid parameter: Lambda endpoint ARN');
      if (protocol !== 'lambda' && !endpoint.toLowerCase().startsWith(`${protocol}://`)) throw invalidParameter('Invalid parameter: Endpoint must match the specified protocol');
      const attributes = params.stringMap('Attributes');
      const checked: Record<string, string> = {};
      for (const [name, value] of Object.entries(attributes)) {
        checkSubscriptionAttribute(protocol, name, value, { ...checked, ...attributes });
        checked[name] = value;
      }
      const returnArn = params.get('ReturnSubscriptionArn') === 'true';
      const existing = [...store.subscriptions.values()].find((s) => s.topicArn === topic.arn && s.protocol === protocol && s.endpoint === endpoint);
      if (existing) {
        const same = Object.entries(attributes).every(([n, v]) => existing.attributes[n] === v) && Object.keys(existing.attributes).every((n) => n in attributes);
        if (!same) throw invalidParameter('Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
        if (!existing.confirmed) sendConfirmation('SubscriptionConfirmation', topic, existing, endpointUrl);
        return [el('SubscriptionArn', existing.confirmed || returnArn ? existing.arn : 'pending confirmation')];
      }
      const confirmed = protocol === 'lambda';
      const subscription: SubscriptionRecord = {
        arn: `${topic.arn}:${randomUUID()}`,
        topicArn: topic.arn,
        protocol,
        endpoint,
        owner: LOCAL_ACCOUNT,
        attributes,
        confirmed,
        ...(!confirmed && { token: randomBytes(64).toString('hex') }),
      };
      store.subscriptions.set(subscription.arn, subscription);
      store.save();
      if (!confirmed) sendConfirmation('SubscriptionConfirmation', topic, subscription, endpointUrl);
      return [el('SubscriptionArn', confirmed || returnArn ? subscription.arn : 'pending confirmation')];
    },

    ConfirmSubscription({ params }) {
      const topic = topicOf(params.required('TopicArn'));
      const token = params.required('Token');
      const subscription = [...store.subscriptions.values()].find((s) => s.topicArn === topic.arn && s.token === token);
      if (!subscription) throw invalidParameter('Invalid token');
      subscription.confirmed = true;
      store.save();
      return [el('SubscriptionArn', subscription.arn)];
    },

    Unsubscribe({ params, endpointUrl }) {
      const subscription = subscriptionOf(params.required('SubscriptionArn'));
      store.subscriptions.delete(subscription.arn);
      store.save();
      const topic = store.topics.get(subscription.topicArn);
      if (topic && subscription.protocol !== 'lambda' && subscription.confirmed) sendConfirmation('UnsubscribeConfirmation', topic, subscription, endpointUrl);
      return undefined;
    },

    ListSubscriptionsByTopic({ params }) {
      const topic = topicOf(params.required('TopicArn'));
      const { items, nextToken } = page([...store.subscriptions.values()].filter((s) => s.topicArn === topic.arn), params.get('NextToken'));
      return [el('Subscriptions', items.map(subscriptionMember)), el('NextToken', nextToken)];
    },

    ListSubscriptions({ params }) {
      const { items, nextToken } = page(store.subscriptions.values(), params.get('NextToken'));
      return [el('Subscriptions', items.map(subscriptionMember)), el('NextToken', nextToken)];
    },

    GetSubscriptionAttributes({ params }) {
      return attributesXml(subscriptionAttributes(subscriptionOf(params.required('SubscriptionArn'))));
    },

    SetSubscriptionAttributes({ params }) {
      const subscription = subscriptionOf(params.required('SubscriptionArn'));
      const name = params.required('AttributeName');
      const value = params.get('AttributeValue') ?? '';
      checkSubscriptionAttribute(subscription.protocol, name, value, subscription.attributes);
      if (value === '' && name !== 'FilterPolicy') delete subscription.attributes[name];
      else if (name === 'FilterPolicy' && value === '') {
        delete subscription.attributes.FilterPolicy;
        delete subscription.attributes.FilterPolicyScope;
      } else subscription.attributes[name] = value;
      store.save();
      return undefined;
    },
  };

  return {
    name: 'sns',
    accepts(req: IncomingMessage) {
      if (req.headers['x-amz-target'] !== undefined) return false;
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === SIGNING_CERT_PATH) return true;
      if (url.pathname !== '/') return false;
      const contentType = String(req.headers['content-type'] ?? '');
      if (req.method === 'POST') return contentType.startsWith('application/x-www-form-urlencoded');
      // SubscribeURL and UnsubscribeURL links are plain GETs.
      return req.method === 'GET' && url.searchParams.has('Action');
    },

    async handle(req: IncomingMessage, res: ServerResponse) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      signing ??= await signingReady;
      if (url.pathname === SIGNING_CERT_PATH) {
        // Also over plain HTTP on the endpoint, to fetch the certificate a client is to trust.
        res.writeHead(200, { 'content-type': 'application/x-pem-file' });
        res.end(signing.identity.certificatePem);
        return;
      }
      const body = (await readBody(req)).toString('utf8');
      const params = QueryParams.parse(url.search.slice(1), body);
      const requestId = randomUUID();
      const action = params.get('Action') ?? '';
      let status = 200;
      let xml: string;
      try {
        const run = actions[action];
        if (!run) throw new SnsError('InvalidAction', `The action ${action} is not valid for this web service.`);
        xml = actionResponse(action, run({ params, endpointUrl: options.endpointUrl ?? `http://${req.headers.host ?? 'localhost'}` }), requestId);
      } catch (error) {
        const snsError = error instanceof SnsError ? error : new SnsError('InternalError', error instanceof Error ? error.message : String(error), 500, 'Receiver');
        status = snsError.status;
        xml = errorResponse(snsError, requestId);
      }
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(xml) });
      res.end(xml);
    },

    async close() {
      timers.clear();
      asyncLambda.close();
      inFlight.abort();
      await signingReady.then(
        (s) => s.certificates.close(),
        () => undefined,
      );
    },
  };
}
