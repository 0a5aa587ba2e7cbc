import type { Template } from 'aws-cdk-lib/assertions';
import { SUBSCRIBER_ASYNC_INVOKE } from '#infra/constructs/messaging.ts';
import type { Manifest } from '#infra/manifest-types.ts';
import { subscribers } from './least-privilege.ts';
import { logicalIdOf, resourcesOfType } from './template.ts';

/**
 * Nothing a topic carries may vanish silently. SNS invokes a subscriber asynchronously, so:
 * - every subscriber function has an asynchronous-invocation config with its retries and event
 *   age set explicitly and an SQS on-failure destination;
 * - every queue a message can land in (those destinations and the subscriptions' dead-letter
 *   queues) is encrypted with a customer-managed key, refuses plain HTTP and has an alarm on
 *   its depth.
 * `subscriberFailureViolations` returns every breach, so a test can prove it catches one.
 */

const getAtt = (v: unknown) => (v as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];

function queueViolations(template: Template, queueId: string, what: string): string[] {
  const violations: string[] = [];
  const queue = resourcesOfType(template, 'AWS::SQS::Queue')[queueId];
  if (!queue) return [`${what} ${queueId} is not an SQS queue of the stack`];
  const key = getAtt(queue.Properties?.KmsMasterKeyId);
  if (!key || !(key in resourcesOfType(template, 'AWS::KMS::Key'))) violations.push(`${what} ${queueId} is not encrypted with a customer-managed key`);
  const tlsOnly = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy')).some((p) => {
    const queues = JSON.stringify(p.Properties?.Queues);
    const statements = (p.Properties?.PolicyDocument as { Statement: Array<{ Effect: string; Condition?: unknown }> }).Statement;
    return (
      queues === JSON.stringify([{ Ref: queueId }]) &&
      statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }))
    );
  });
  if (!tlsOnly) violations.push(`${what} ${queueId} accepts requests without TLS`);
  const alarmed = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).some(
    (a) =>
      a.Properties?.Namespace === 'AWS/SQS' &&
      a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
      getAtt((a.Properties.Dimensions as Array<{ Name: string; Value: unknown }> | undefined)?.find((d) => d.Name === 'QueueName')?.Value) === queueId &&
      a.Properties.Threshold === 1,
  );
  if (!alarmed) violations.push(`${what} ${queueId} has no alarm on its depth`);
  return violations;
}

export function subscriberFailureViolations(template: Template, manifest: Manifest): string[] {
  const violations: string[] = [];
  const configs = Object.values(resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig'));
  for (const fn of subscribers(manifest)) {
    const fnId = logicalIdOf(template, 'AWS::Lambda::Function', 'functions', fn);
    const own = configs.filter((c) => JSON.stringify(c.Properties?.FunctionName) === JSON.stringify({ Ref: fnId }));
    if (own.length !== 1) {
      violations.push(`subscriber '${fn}' has ${own.length} asynchronous-invocation configs, expected 1`);
      continue;
    }
    const props = own[0]!.Properties ?? {};
    if (props.MaximumRetryAttempts !== SUBSCRIBER_ASYNC_INVOKE.retryAttempts) {
      violations.push(`subscriber '${fn}' retries ${String(props.MaximumRetryAttempts)} times, expected ${SUBSCRIBER_ASYNC_INVOKE.retryAttempts} set explicitly`);
    }
    if (props.MaximumEventAgeInSeconds !== SUBSCRIBER_ASYNC_INVOKE.maxEventAge.toSeconds()) {
      violations.push(
        `subscriber '${fn}' keeps events ${String(props.MaximumEventAgeInSeconds)} s, expected ${SUBSCRIBER_ASYNC_INVOKE.maxEventAge.toSeconds()} s set explicitly`,
      );
    }
    const destination = getAtt((props.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)?.OnFailure?.Destination);
    if (!destination) violations.push(`subscriber '${fn}' has no on-failure destination`);
    else violations.push(...queueViolations(template, destination, `the failure queue of '${fn}'`));
  }
  for (const [id, subscription] of Object.entries(resourcesOfType(template, 'AWS::SNS::Subscription'))) {
    const dlq = getAtt((subscription.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn);
    if (!dlq) violations.push(`subscription ${id} has no dead-letter queue`);
    else violations.push(...queueViolations(template, dlq, `the dead-letter queue of ${id}`));
  }
  return violations;
}
