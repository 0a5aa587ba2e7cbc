import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
  type CfnStateMachine,
  type IStateMachine,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { aslProblems, substitutionProblems, workflowAccess, type WorkflowAccess } from '../asl.ts';
import type { ResourceRef, StateMachineSpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

export interface WorkflowsProps {
  stateMachines: Record<string, StateMachineSpec>;
  repoRoot: string;
  /** Prefix of the state machines' physical names (the stack name). */
  namePrefix: string;
}

export interface WorkflowTargets {
  functionFor(name: string): IFunction;
  topic(name: string): ITopic;
  table(name: string): Table;
}

const READ_ONLY_TABLE_ACTIONS = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem']);

/**
 * The manifest's Step Functions state machines (Standard), loaded from their ASL files.
 *
 * State machines get fixed physical names, so their ARNs are known before they exist. Functions
 * (environment, grants), other state machines and Scheduler roles refer to them through those
 * ARNs instead of CloudFormation references; that way a step function that may also complete a
 * task of the workflow invoking it does not make a dependency cycle.
 */
export class Workflows extends Construct {
  readonly access: Record<string, WorkflowAccess> = {};
  readonly stateMachines: Record<string, StateMachine> = {};
  readonly alarms: Alarm[] = [];
  private readonly references: Record<string, IStateMachine> = {};
  private readonly definitions: Record<string, string> = {};

  constructor(scope: Construct, id: string, private readonly props: WorkflowsProps) {
    super(scope, id);
    const problems: string[] = [];
    for (const [name, spec] of Object.entries(props.stateMachines)) {
      const path = join(props.repoRoot, spec.definition);
      const text = readFileSync(path, 'utf8');
      problems.push(...substitutionProblems(name, spec, text), ...aslProblems(name, spec, text));
      this.definitions[name] = path;
      if (problems.length === 0) this.access[name] = workflowAccess(name, spec, text);
      this.references[name] = StateMachine.fromStateMachineName(this, `${name}Ref`, this.physicalName(name));
    }
    if (problems.length > 0) throw new Error(`Workflow definitions are not deployable:\n- ${problems.join('\n- ')}`);
  }

  physicalName(name: string): string {
    return `${this.props.namePrefix}-${name}`;
  }

  /** The state machine as a grantable reference by ARN (no CloudFormation dependency). */
  reference(name: string): IStateMachine {
    const ref = this.references[name];
    if (!ref) throw new Error(`state machine '${name}' is not declared in the manifest`);
    return ref;
  }

  /** Workflows with a `.waitForTaskToken` task: the ones task-completing functions answer. */
  waitingForTaskTokens(): string[] {
    return Object.entries(this.access)
      .filter(([, a]) => a.waitsForTaskToken)
      .map(([name]) => name);
  }

  /** Creates the state machines; called once the functions, topics and tables exist. */
  build(targets: WorkflowTargets): void {
    for (const [name, spec] of Object.entries(this.props.stateMachines)) {
      const role = this.roleFor(name, targets);
      const logGroup = new LogGroup(this, `${name}Logs`, {
        logGroupName: `/aws/vendedlogs/states/${this.physicalName(name)}`,
        retention: RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const stateMachine = new StateMachine(this, name, {
        stateMachineName: this.physicalName(name),
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromFile(this.definitions[name]!),
        definitionSubstitutions: Object.fromEntries(
          Object.entries(spec.substitutions).map(([placeholder, ref]) => [placeholder, this.substitutionValue(ref, targets)]),
        ),
        role,
        tracingEnabled: true,
        // Consignment inputs and outputs hold commercial data: log failures, never payloads.
        logs: { destination: logGroup, level: LogLevel.ERROR, includeExecutionData: false },
      });
      markManifestEntry(stateMachine.node.defaultChild as CfnStateMachine, 'stateMachines', name);
      Validations.of(stateMachine).acknowledge({
        id: 'AwsSolutions-SF1',
        reason:
          'Logging is ERROR level without execution data on purpose: execution payloads hold commercial consignment data. Every execution stays traceable in X-Ray and in its execution history.',
      });
      this.stateMachines[name] = stateMachine;
      this.alarm(name, 'ExecutionsFailed', stateMachine.metricFailed());
      this.alarm(name, 'ExecutionsTimedOut', stateMachine.metricTimedOut());
      this.alarm(name, 'ExecutionsAborted', stateMachine.metricAborted());
      this.alarm(name, 'ExecutionThrottled', stateMachine.metricThrottled());
    }
  }

  private substitutionValue(ref: ResourceRef, targets: WorkflowTargets): string {
    if ('function' in ref) return targets.functionFor(ref.function).functionArn;
    if ('topic' in ref) return targets.topic(ref.topic).topicArn;
    if ('table' in ref) return targets.table(ref.table).tableName;
    return this.reference(ref.stateMachine).stateMachineArn;
  }

  /** A role that may make exactly the calls the definition's Task states make. */
  private roleFor(name: string, targets: WorkflowTargets): Role {
    const access = this.access[name]!;
    const stack = Stack.of(this);
    const role = new Role(this, `${name}Role`, {
      assumedBy: new ServicePrincipal('states.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `Runs the ${name} state machine`,
    });
    access.invokes.forEach((fn) => targets.functionFor(fn).grantInvoke(role));
    access.publishes.forEach((topic) => targets.topic(topic).grantPublish(role));
    for (const [tableName, actions] of Object.entries(access.tableActions)) {
      const table = targets.table(tableName);
      table.grant(role, ...actions);
      if (actions.every((a) => READ_ONLY_TABLE_ACTIONS.has(a))) table.encryptionKey?.grantDecrypt(role);
      else table.encryptionKey?.grantEncryptDecrypt(role);
    }
    for (const { stateMachine, sync } of access.starts) {
      const target = this.reference(stateMachine);
      target.grantStartExecution(role);
      if (sync) {
        // `.sync` waits for the child through an EventBridge rule Step Functions manages.
        target.grantExecution(role, 'states:DescribeExecution', 'states:StopExecution');
        role.addToPolicy(
          new PolicyStatement({
            actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
            resources: [
              stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForStepFunctionsExecutionRule' }),
            ],
          }),
        );
      }
    }
    return role;
  }

  private alarm(name: string, what: string, metric: Metric): void {
    this.alarms.push(
      new Alarm(this, `${name}${what}`, {
        alarmDescription: `${what} for the ${name} workflow`,
        metric: metric.with({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
