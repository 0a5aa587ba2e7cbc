import { createSign } from 'node:crypto';
import type { MessageAttributeValue } from './filter-policy.ts';
import type { SigningIdentity } from './signing-certificate.ts';

/**
 * The JSON documents SNS sends to subscribers: the HTTP/S envelope (Notification,
 * SubscriptionConfirmation, UnsubscribeConfirmation) and the Lambda event (`Records[].Sns`).
 * Messages are signed as SNS signs them (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA,
 * over the documented canonical string); the key's X.509 certificate (signing-certificate.ts) is
 * served at `SigningCertURL`.
 */
export const SIGNING_CERT_PATH = '/SimpleNotificationService-local.pem';

export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  timestamp: string;
  attributes: Record<string, MessageAttributeValue>;
}

export interface MessageSigner {
  sign(fields: Array<[string, string | undefined]>, version: string): string;
}

export function createMessageSigner({ privateKey }: Pick<SigningIdentity, 'privateKey'>): MessageSigner {
  return {
    sign(fields, version) {
      const canonical = fields
        .filter((field): field is [string, string] => field[1] !== undefined)
        .map(([name, value]) => `${name}\n${value}\n`)
        .join('');
      return createSign(version === '2' ? 'RSA-SHA256' : 'RSA-SHA1').update(canonical, 'utf8').sign(privateKey, 'base64');
    },
  };
}

export interface EnvelopeContext {
  endpointUrl: string;
  /** Where the signing certificate is fetched (HTTPS, as validators require). */
  signingCertUrl: string;
  subscriptionArn: string;
  signer: MessageSigner;
  signatureVersion: string;
}

const unsubscribeUrl = (endpointUrl: string, subscriptionArn: string) =>
  `${endpointUrl}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscriptionArn)}`;

function envelopeAttributes(attributes: Record<string, MessageAttributeValue>): Record<string, { Type: string; Value: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, { Type: value.DataType, Value: value.StringValue ?? value.BinaryValue ?? '' }]),
  );
}

function notificationSignature(message: PublishedMessage, context: EnvelopeContext): string {
  return context.signer.sign(
    [
      ['Message', message.message],
      ['MessageId', message.messageId],
      ['Subject', message.subject],
      ['Timestamp', message.timestamp],
      ['TopicArn', message.topicArn],
      ['Type', 'Notification'],
    ],
    context.signatureVersion,
  );
}

/** The body of an HTTP/S Notification. */
export function httpNotification(message: PublishedMessage, context: EnvelopeContext): Record<string, unknown> {
  const attributes = envelopeAttributes(message.attributes);
  return {
    Type: 'Notification',
    MessageId: message.messageId,
    TopicArn: message.topicArn,
    ...(message.subject !== undefined && { Subject: message.subject }),
    Message: message.message,
    Timestamp: message.timestamp,
    SignatureVersion: context.signatureVersion,
    Signature: notificationSignature(message, context),
    SigningCertURL: context.signingCertUrl,
    UnsubscribeURL: unsubscribeUrl(context.endpointUrl, context.subscriptionArn),
    ...(Object.keys(attributes).length > 0 && { MessageAttributes: attributes }),
  };
}

/** The event a Lambda subscriber receives: one record, with Lambda's spelling of the URL fields. */
export function lambdaEvent(message: PublishedMessage, context: EnvelopeContext): Record<string, unknown> {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: context.subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: message.messageId,
          TopicArn: message.topicArn,
          Subject: message.subject ?? null,
          Message: message.message,
          Timestamp: message.timestamp,
          SignatureVersion: context.signatureVersion,
          Signature: notificationSignature(message, context),
          SigningCertUrl: context.signingCertUrl,
          UnsubscribeUrl: unsubscribeUrl(context.endpointUrl, context.subscriptionArn),
          MessageAttributes: envelopeAttributes(message.attributes),
        },
      },
    ],
  };
}

/** SubscriptionConfirmation or UnsubscribeConfirmation for an HTTP/S endpoint. */
export function confirmationMessage(
  type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation',
  fields: { messageId: string; topicArn: string; token: string; timestamp: string },
  context: Omit<EnvelopeContext, 'subscriptionArn'>,
): Record<string, unknown> {
  const message =
    type === 'SubscriptionConfirmation'
      ? `You have chosen to subscribe to the topic ${fields.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`
      : `You have chosen to deactivate subscription to the topic ${fields.topicArn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`;
  const subscribeUrl = `${context.endpointUrl}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(fields.topicArn)}&Token=${fields.token}`;
  return {
    Type: type,
    MessageId: fields.messageId,
    Token: fields.token,
    TopicArn: fields.topicArn,
    Message: message,
    SubscribeURL: subscribeUrl,
    Timestamp: fields.timestamp,
    SignatureVersion: context.signatureVersion,
    Signature: context.signer.sign(
      [
        ['Message', message],
        ['MessageId', fields.messageId],
        ['SubscribeURL', subscribeUrl],
        ['Timestamp', fields.timestamp],
        ['Token', fields.token],
        ['TopicArn', fields.topicArn],
        ['Type', type],
      ],
      context.signatureVersion,
    ),
    SigningCertURL: context.signingCertUrl,
  };
}
