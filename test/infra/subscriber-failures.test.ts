import { describe, expect, it } from 'vitest';
import { manifest } from '#infra/manifest.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { subscriberFailureViolations } from './subscriber-failures.ts';
import { synthesize, tamperedTemplate, type CfnResource } from './template.ts';

describe.each([
  ['the application manifest', manifest],
  ['the fixture manifest', fixtureManifest],
])('subscribers of the stack built from %s', (_, m) => {
  it('keep every event they fail on: explicit retries and age, an encrypted, TLS-only, alarmed failure queue', () => {
    const { template } = synthesize(m);
    expect(subscriberFailureViolations(template, m)).toEqual([]);
  });
});

describe('the subscriber failure rules (each can fail)', () => {
  const { stack, template } = synthesize(fixtureManifest);
  const queueId = stack.getLogicalId(stack.messaging.failureQueues.bureauInbox!.node.defaultChild as never);
  const removeWhere = (test: (r: CfnResource) => boolean) =>
    tamperedTemplate(template, (resources) => {
      for (const [id, r] of Object.entries(resources)) if (test(r)) delete resources[id];
    });
  const editQueue = (edit: (q: CfnResource) => void) => tamperedTemplate(template, (resources) => edit(resources[queueId]!));
  const editConfig = (edit: (props: Record<string, unknown>) => void) =>
    tamperedTemplate(template, (resources) => {
      for (const r of Object.values(resources)) if (r.Type === 'AWS::Lambda::EventInvokeConfig') edit(r.Properties!);
    });

  it('reports a subscriber without an asynchronous-invocation config', () => {
    const tampered = removeWhere((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
    expect(subscriberFailureViolations(tampered, fixtureManifest)).toEqual([
      "subscriber 'bureauInbox' has 0 asynchronous-invocation configs, expected 1",
    ]);
  });

  it('reports retries and event age left to the defaults, and a missing destination', () => {
    const tampered = editConfig((props) => {
      delete props.MaximumRetryAttempts;
      delete props.MaximumEventAgeInSeconds;
      delete props.DestinationConfig;
    });
    expect(subscriberFailureViolations(tampered, fixtureManifest)).toEqual([
      "subscriber 'bureauInbox' retries undefined times, expected 2 set explicitly",
      "subscriber 'bureauInbox' keeps events undefined s, expected 21600 s set explicitly",
      "subscriber 'bureauInbox' has no on-failure destination",
    ]);
  });

  it('reports a failure queue that is unencrypted, accepts plain HTTP or has no alarm', () => {
    const what = `the failure queue of 'bureauInbox' ${queueId}`;
    expect(subscriberFailureViolations(editQueue((q) => delete q.Properties!.KmsMasterKeyId), fixtureManifest)).toEqual([
      `${what} is not encrypted with a customer-managed key`,
    ]);
    const noTls = removeWhere((r) => r.Type === 'AWS::SQS::QueuePolicy' && JSON.stringify(r.Properties?.Queues).includes(`"${queueId}"`));
    expect(subscriberFailureViolations(noTls, fixtureManifest)).toEqual([`${what} accepts requests without TLS`]);
    const noAlarm = removeWhere((r) => r.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(r.Properties?.Dimensions).includes(`"${queueId}"`));
    expect(subscriberFailureViolations(noAlarm, fixtureManifest)).toEqual([`${what} has no alarm on its depth`]);
  });

  it('holds the dead-letter queues to the same rules', () => {
    const noAlarm = removeWhere(
      (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties?.Namespace === 'AWS/SQS' && !JSON.stringify(r.Properties.Dimensions).includes(`"${queueId}"`),
    );
    expect(subscriberFailureViolations(noAlarm, fixtureManifest)).toEqual([
      expect.stringMatching(/^the dead-letter queue of \w+ MessagingNotificationsbureauInboxDlq\w+ has no alarm on its depth$/),
    ]);
  });
});
