import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IDestination, IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  SubscriptionProtocol,
  Topic,
  type CfnSubscription,
  type CfnTopic,
  type ITopic,
  type ITopicSubscription,
  type TopicSubscriptionConfig,
} from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TopicSpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

/** Subscription key used in Metadata and tests: `<topic>/<function>`. */
export const subscriptionKey = (topic: string, fn: string) => `${topic}/${fn}`;

/**
 * How Lambda retries an asynchronous (SNS) invocation of a subscriber before the event goes to
 * the function's failure queue. Two retries is Lambda's maximum and safe: the inbox write is
 * idempotent per message. Six hours (also the maximum) lets a notice held back by throttling
 * still reach the inbox by itself instead of waiting in the failure queue for an operator.
 */
export const SUBSCRIBER_ASYNC_INVOKE = { retryAttempts: 2, maxEventAge: Duration.hours(6) } as const;

const RETENTION = Duration.days(14);

/**
 * The manifest's SNS topics, encrypted with a customer-managed key, and their Lambda
 * subscriptions. Nothing a topic carries may vanish silently:
 * - every subscription has its own encrypted dead-letter queue, for messages SNS could not deliver;
 * - every subscriber function has its own encrypted failure queue (its asynchronous-invocation
 *   on-failure destination), for events delivered but failed after Lambda's retries.
 * Both are kept 14 days and raise an alarm.
 *
 * Two keys: the topics' key and the queues' key. SNS writes to the dead-letter queues itself, so
 * the queues' key policy lets `sns.amazonaws.com` use it, but only on behalf of these topics
 * (`aws:SourceArn`) in this account (`aws:SourceAccount`). That policy names the topics, so it
 * cannot sit on the key the topics are encrypted with (a reference cycle).
 */
export class Messaging extends Construct {
  readonly key: Key;
  readonly queueKey: Key;
  readonly topics: Record<string, Topic> = {};
  readonly deadLetterQueues: Record<string, Queue> = {};
  /** On-failure destination of each subscriber function, by function name. */
  readonly failureQueues: Record<string, Queue> = {};
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, private readonly props: { topics: Record<string, TopicSpec> }) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the SNS topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queueKey = new Key(this, 'QueueKey', {
      description: 'Encrypts the dead-letter and failure queues of the SNS subscribers',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const name of Object.keys(props.topics)) {
      const topic = new Topic(this, name, { masterKey: this.key, enforceSSL: true });
      markManifestEntry(topic.node.defaultChild as CfnTopic, 'topics', name);
      this.topics[name] = topic;
    }

    const topicArns = Object.values(this.topics).map((t) => t.topicArn);
    if (topicArns.length > 0) {
      // SNS itself encrypts what it writes to a dead-letter queue; the conditions stop another
      // account's topic (a confused deputy) from having SNS use this key.
      this.queueKey.addToResourcePolicy(
        new PolicyStatement({
          sid: 'SnsWritesDeadLetterQueuesOfTheseTopics',
          principals: [new ServicePrincipal('sns.amazonaws.com')],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
            ArnEquals: { 'aws:SourceArn': topicArns },
          },
        }),
      );
    }
  }

  topic(name: string): Topic {
    const topic = this.topics[name];
    if (!topic) throw new Error(`topic '${name}' is not declared in the manifest`);
    return topic;
  }

  /** Wires every manifest subscription; called once the functions exist. */
  subscribe(functionFor: (name: string) => IFunction): void {
    for (const [topicName, spec] of Object.entries(this.props.topics)) {
      for (const subscription of spec.subscriptions) {
        const key = subscriptionKey(topicName, subscription.function);
        const deadLetterQueue = this.queue(`${topicName}-${subscription.function}-Dlq`, {
          ackReason: 'This queue IS a dead-letter queue (of an SNS subscription); a queue for its failures would have nobody to read it.',
          alarmDescription: `SNS could not deliver ${topicName} messages to ${subscription.function}; they wait in its dead-letter queue`,
        });
        const fn = functionFor(subscription.function);
        const created = this.topic(topicName).addSubscription(new FunctionSubscription(fn, deadLetterQueue));
        const cfn = created.node.defaultChild as CfnSubscription;
        // The manifest holds the raw SNS filter policy, the same JSON the local cloud evaluates.
        if (subscription.filterPolicy) cfn.filterPolicy = subscription.filterPolicy;
        markManifestEntry(cfn, 'subscriptions', key);
        this.deadLetterQueues[key] = deadLetterQueue;
        this.handleFailures(subscription.function, fn);
      }
    }
  }

  /**
   * SNS invokes a subscriber asynchronously: once Lambda's retries are spent, the event would be
   * dropped (the subscription's dead-letter queue only catches delivery failures). One failure
   * queue per function, however many topics it subscribes to.
   */
  private handleFailures(name: string, fn: IFunction): void {
    if (this.failureQueues[name]) return;
    const queue = this.queue(`${name}-FailureQueue`, {
      ackReason: "This queue IS a failure destination (of a function's asynchronous invocations); a queue for its failures would have nobody to read it.",
      alarmDescription: `${name} failed on SNS events after Lambda's retries; they wait in its failure queue`,
    });
    fn.configureAsyncInvoke({ onFailure: sendOnlyDestination(queue, this.queueKey), ...SUBSCRIBER_ASYNC_INVOKE });
    this.failureQueues[name] = queue;
  }

  /** An encrypted, TLS-only queue kept 14 days, with an alarm as soon as it holds a message. */
  private queue(id: string, opts: { ackReason: string; alarmDescription: string }): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.queueKey,
      enforceSSL: true,
      retentionPeriod: RETENTION,
    });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: opts.ackReason });
    this.alarms.push(
      new Alarm(this, `${id}NotEmpty`, {
        alarmDescription: opts.alarmDescription,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    return queue;
  }
}

/**
 * What CDK's LambdaSubscription does (SNS may invoke the function for this topic; the subscription
 * sits beside the function, with its dead-letter queue), minus its explicit stack dependency:
 * the function lives in a nested stack of the topic's stack, and a nested stack cannot declare a
 * dependency on its parent (it already follows it through the parameters it receives).
 */
class FunctionSubscription implements ITopicSubscription {
  constructor(
    private readonly fn: IFunction,
    private readonly deadLetterQueue: IQueue,
  ) {}

  bind(topic: ITopic): TopicSubscriptionConfig {
    this.fn.addPermission(`AllowInvoke:${Names.nodeUniqueId(topic.node)}`, {
      sourceArn: topic.topicArn,
      principal: new ServicePrincipal('sns.amazonaws.com'),
    });
    return {
      subscriberScope: this.fn,
      subscriberId: topic.node.id,
      endpoint: this.fn.functionArn,
      protocol: SubscriptionProtocol.LAMBDA,
      deadLetterQueue: this.deadLetterQueue,
    };
  }
}

/**
 * An SQS on-failure destination that grants only what sending needs: CDK's SqsDestination also
 * grants GetQueueAttributes/GetQueueUrl and Encrypt/ReEncrypt on the key. Sending to a
 * KMS-encrypted queue takes GenerateDataKey and Decrypt.
 */
function sendOnlyDestination(queue: Queue, key: Key): IDestination {
  return {
    bind: (_scope, fn) => {
      queue.grant(fn, 'sqs:SendMessage');
      key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
      return { destination: queue.queueArn };
    },
  };
}
