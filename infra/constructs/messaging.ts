import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic, type CfnSubscription, type CfnTopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TopicSpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

/** Subscription key used in Metadata and tests: `<topic>/<function>`. */
export const subscriptionKey = (topic: string, fn: string) => `${topic}/${fn}`;

/**
 * The manifest's SNS topics, encrypted with a customer-managed key, and their Lambda
 * subscriptions. Every subscription has its own encrypted dead-letter queue, so a message SNS
 * could not deliver is kept (14 days) and raises an alarm instead of vanishing.
 */
export class Messaging extends Construct {
  readonly key: Key;
  readonly topics: Record<string, Topic> = {};
  readonly deadLetterQueues: Record<string, Queue> = {};
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, private readonly props: { topics: Record<string, TopicSpec> }) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the SNS topics and their dead-letter queues',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SNS itself encrypts what it writes to a dead-letter queue.
    this.key.grant(new ServicePrincipal('sns.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');

    for (const name of Object.keys(props.topics)) {
      const topic = new Topic(this, name, { masterKey: this.key, enforceSSL: true });
      markManifestEntry(topic.node.defaultChild as CfnTopic, 'topics', name);
      this.topics[name] = topic;
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
        const deadLetterQueue = new Queue(this, `${topicName}-${subscription.function}-Dlq`, {
          encryption: QueueEncryption.KMS,
          encryptionMasterKey: this.key,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        });
        Validations.of(deadLetterQueue).acknowledge({
          id: 'AwsSolutions-SQS3',
          reason: 'This queue IS a dead-letter queue (of an SNS subscription); a queue for its failures would have nobody to read it.',
        });
        const created = this.topic(topicName).addSubscription(
          new LambdaSubscription(functionFor(subscription.function), { deadLetterQueue }),
        );
        const cfn = created.node.defaultChild as CfnSubscription;
        // The manifest holds the raw SNS filter policy, the same JSON the local cloud evaluates.
        if (subscription.filterPolicy) cfn.filterPolicy = subscription.filterPolicy;
        markManifestEntry(cfn, 'subscriptions', key);
        this.deadLetterQueues[key] = deadLetterQueue;
        this.alarms.push(
          new Alarm(this, `${topicName}-${subscription.function}-DlqNotEmpty`, {
            alarmDescription: `SNS could not deliver ${topicName} messages to ${subscription.function}; they wait in its dead-letter queue`,
            metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
        );
      }
    }
  }
}
