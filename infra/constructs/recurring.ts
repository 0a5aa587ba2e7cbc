import { Duration, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput, type CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { RecurringSpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

/**
 * The manifest's recurring functions: one EventBridge Scheduler schedule each, invoking the
 * function at its rate as a role of its own that may invoke that function and nothing else.
 */
export class Recurring extends Construct {
  constructor(scope: Construct, id: string, props: { recurring: Record<string, RecurringSpec>; functionFor: (name: string) => IFunction }) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.recurring)) {
      const fn = props.functionFor(spec.function);
      const role = new Role(this, `${name}Role`, {
        // Only Scheduler, acting for this account, may assume it (confused-deputy guard).
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
        description: `Invokes function ${spec.function} for the ${name} recurring schedule`,
      });
      fn.grantInvoke(role);
      const schedule = new Schedule(this, name, {
        description: spec.description,
        schedule: ScheduleExpression.rate(Duration.minutes(spec.everyMinutes)),
        // A missed run is made up by the next one a minute later; retries would only pile up.
        target: new LambdaInvoke(fn, { role, input: ScheduleTargetInput.fromObject({}), retryAttempts: 0 }),
      });
      markManifestEntry(schedule.node.defaultChild as CfnSchedule, 'recurring', name);
    }
  }
}
