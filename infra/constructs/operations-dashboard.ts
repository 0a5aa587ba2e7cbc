import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { AlarmStatusWidget, Dashboard, GraphWidget, type IAlarm, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsDashboardProps {
  /** Prefix of the dashboard name (the stack name, unique per account and region). */
  namePrefix: string;
  api: HttpApi;
  stateMachines: Record<string, StateMachine>;
  functions: Record<string, IFunction>;
  deadLetterQueues: Record<string, IQueue>;
  /** On-failure destinations of the subscriber functions, by function name. */
  failureQueues: Record<string, IQueue>;
  alarms: IAlarm[];
}

const PERIOD = Duration.minutes(5);

/** One CloudWatch dashboard: alarms first, then the API, each workflow, the functions and the DLQs and failure queues. */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const rows: IWidget[][] = [];
    if (props.alarms.length > 0) rows.push([new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24 })]);

    const { api } = props;
    rows.push([
      new GraphWidget({
        title: 'API requests and errors',
        left: [api.metricCount({ period: PERIOD }), api.metricClientError({ period: PERIOD }), api.metricServerError({ period: PERIOD })],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (p99)',
        left: [api.metricLatency({ period: PERIOD, statistic: 'p99' }), api.metricIntegrationLatency({ period: PERIOD, statistic: 'p99' })],
        width: 12,
      }),
    ]);

    for (const [name, sm] of Object.entries(props.stateMachines)) {
      rows.push([
        new GraphWidget({
          title: `Workflow ${name}: executions`,
          left: [sm.metricStarted({ period: PERIOD }), sm.metricSucceeded({ period: PERIOD })],
          right: [
            sm.metricFailed({ period: PERIOD }),
            sm.metricTimedOut({ period: PERIOD }),
            sm.metricAborted({ period: PERIOD }),
            sm.metricThrottled({ period: PERIOD }),
          ],
          width: 12,
        }),
        new GraphWidget({ title: `Workflow ${name}: duration (p90)`, left: [sm.metricTime({ period: PERIOD, statistic: 'p90' })], width: 12 }),
      ]);
    }

    const functions = Object.entries(props.functions);
    if (functions.length > 0) {
      rows.push([
        new GraphWidget({
          title: 'Function errors',
          left: functions.map(([name, fn]) => fn.metricErrors({ period: PERIOD, label: name })),
          width: 12,
        }),
        new GraphWidget({
          title: 'Function throttles',
          left: functions.map(([name, fn]) => fn.metricThrottles({ period: PERIOD, label: name })),
          width: 12,
        }),
      ]);
    }

    const queues = Object.entries(props.deadLetterQueues);
    if (queues.length > 0) {
      rows.push([
        new GraphWidget({
          title: 'Undelivered notifications (dead-letter queues)',
          left: queues.map(([key, q]) => q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: key })),
          width: 24,
        }),
      ]);
    }

    const failures = Object.entries(props.failureQueues);
    if (failures.length > 0) {
      rows.push([
        new GraphWidget({
          title: 'Notifications a subscriber failed on after retries (failure queues)',
          left: failures.map(([fn, q]) => q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: fn })),
          width: 24,
        }),
      ]);
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${props.namePrefix}-operations`, widgets: rows });
  }
}
