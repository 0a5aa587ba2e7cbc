import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { RecurringSpec } from '../manifest-types.ts';

/**
 * The manifest's recurring functions: one EventBridge Scheduler schedule each, invoking the
 * function at its rate through a role that may invoke that function only (made by `LambdaInvoke`).
 */
export class Recurring extends Construct {
  constructor(scope: Construct, id: string, props: { recurring: Record<string, RecurringSpec>; functionFor: (name: string) => IFunction }) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.recurring)) {
      new Schedule(this, name, {
        description: spec.description,
        schedule: ScheduleExpression.rate(Duration.minutes(spec.everyMinutes)),
        target: new LambdaInvoke(props.functionFor(spec.function), { input: ScheduleTargetInput.fromObject({}), retryAttempts: 0 }),
      });
    }
  }
}
