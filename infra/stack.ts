import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AspectPriority, Aspects, Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { DataTables } from './constructs/data-tables.ts';
import { FunctionStacks } from './constructs/function-stacks.ts';
import { ConsoleHosting } from './constructs/console-hosting.ts';
import { InspectionApi } from './constructs/http-api.ts';
import { ManifestFunction } from './constructs/manifest-function.ts';
import { Messaging } from './constructs/messaging.ts';
import { OperationsDashboard } from './constructs/operations-dashboard.ts';
import { Recurring } from './constructs/recurring.ts';
import { Schedules } from './constructs/schedules.ts';
import { SigningKeys } from './constructs/signing-keys.ts';
import { Workflows } from './constructs/workflows.ts';
import { functionEnvironment, type ResourceValues } from './function-environment.ts';
import { applyGrant } from './grants.ts';
import { assertManifest } from './manifest-check.ts';
import type { Manifest } from './manifest-types.ts';
import { AcknowledgeReviewedWildcards } from './nag/reviewed-wildcards.ts';

export const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

export interface InspectionStackProps extends StackProps {
  manifest: Manifest;
  /** Where handler entries and workflow files are resolved; the repository root by default. */
  repoRoot?: string;
  /**
   * The web console's origin (`https://<its CloudFront domain>`), the one browser origin the
   * HTTP API's CORS allows; by default the origin of the console's own distribution (`Console`).
   */
  consoleOrigin?: string;
  /** A built console folder to deploy (console/dist); by default synthesis builds one (infra/console-build.ts). */
  consoleDir?: string;
}

/**
 * The whole application in one stack, generated from the manifest: adding a manifest entry is
 * all it takes to deploy a route, function, workflow, topic, table or schedule group. One stack
 * because everything shares one lifecycle and cross-references freely (grants, substitutions);
 * the functions sit in nested stacks of it (`FunctionStacks`), which deploy with it, so that no
 * template passes CloudFormation's 500 resources. References between the two are nested-stack
 * parameters and outputs that CDK wires.
 */
export class InspectionStack extends Stack {
  readonly data: DataTables;
  readonly messaging: Messaging;
  readonly workflows: Workflows;
  readonly schedules: Schedules;
  readonly keys: SigningKeys;
  readonly api: InspectionApi;
  /** The web console: S3, CloudFront, its deployment and the Cognito hosted UI's callback. */
  readonly console: ConsoleHosting;
  readonly functions: Record<string, ManifestFunction> = {};
  /** The nested stacks the functions live in (see `functionStackId` for the grouping rule). */
  readonly functionStacks: FunctionStacks;

  constructor(scope: Construct, id: string, props: InspectionStackProps) {
    super(scope, id, props);
    const { manifest } = props;
    const repoRoot = props.repoRoot ?? REPO_ROOT;
    assertManifest(manifest);

    this.data = new DataTables(this, 'Data', { tables: manifest.tables });
    this.messaging = new Messaging(this, 'Messaging', { topics: manifest.topics });
    this.workflows = new Workflows(this, 'Workflows', {
      stateMachines: manifest.stateMachines,
      repoRoot,
      namePrefix: this.stackName,
    });
    this.schedules = new Schedules(this, 'Schedules', {
      scheduleGroups: manifest.scheduleGroups,
      stateMachine: (name) => this.workflows.reference(name),
    });
    this.keys = new SigningKeys(this, 'Keys', { keys: manifest.keys ?? {} });
    this.console = new ConsoleHosting(this, 'Console', { repoRoot, ...(props.consoleDir !== undefined && { consoleDir: props.consoleDir }) });
    this.api = new InspectionApi(this, 'Api', { appName: manifest.appName, corsOrigins: [props.consoleOrigin ?? this.console.origin] });
    this.console.deploy({
      apiUrl: this.api.api.apiEndpoint,
      userPool: this.api.userPool,
      client: this.api.client,
      loginDomainPrefix: `${manifest.appName.toLowerCase()}-${Aws.ACCOUNT_ID}`,
    });

    const values: ResourceValues = {
      tableName: (name) => this.data.table(name).tableName,
      topicArn: (name) => this.messaging.topic(name).topicArn,
      stateMachineArn: (name) => this.workflows.reference(name).stateMachineArn,
      scheduleGroupName: (name) => this.schedules.group(name).scheduleGroupName,
      scheduleRoleArn: (name) => this.schedules.role(name).roleArn,
      tokenIssuer: () => ({ issuer: this.api.userPool.userPoolProviderUrl, audience: this.api.client.userPoolClientId }),
      keyArn: (name) => this.keys.key(name).keyArn,
    };
    const grantTargets = { data: this.data, messaging: this.messaging, workflows: this.workflows, schedules: this.schedules, keys: this.keys };
    // One stack cannot hold them all (CloudFormation's 500 resources): each function, with its
    // role, policy and log group, lives in a nested stack chosen from its own name and handler
    // folder alone, so it never moves when other functions come or go.
    this.functionStacks = new FunctionStacks(this);
    for (const [name, spec] of Object.entries(manifest.functions)) {
      const fn = new ManifestFunction(this.functionStacks.stackFor(name, spec), `Function-${name}`, {
        name,
        spec,
        appName: manifest.appName,
        repoRoot,
        environment: functionEnvironment(manifest, name, values),
      });
      spec.grants.forEach((grant) => applyGrant(fn.role, grant, grantTargets));
      this.functions[name] = fn;
    }
    const functionFor = (name: string): NodejsFunction => {
      const fn = this.functions[name];
      if (!fn) throw new Error(`function '${name}' is not declared in the manifest`);
      return fn.function;
    };

    this.messaging.subscribe(functionFor);
    this.workflows.build({
      functionFor,
      topic: (name) => this.messaging.topic(name),
      table: (name) => this.data.table(name),
    });
    this.api.addManifestRoutes(manifest.routes, functionFor);
    new Recurring(this, 'Recurring', { recurring: manifest.recurring ?? {}, functionFor });

    new OperationsDashboard(this, 'Operations', {
      namePrefix: this.stackName,
      api: this.api.api,
      stateMachines: this.workflows.stateMachines,
      functions: Object.fromEntries(Object.entries(this.functions).map(([n, f]) => [n, f.function])),
      deadLetterQueues: this.messaging.deadLetterQueues,
      failureQueues: this.messaging.failureQueues,
      alarms: [...this.workflows.alarms, ...this.messaging.alarms],
    });

    // Runs before cdk-nag's aspect that copies acknowledgements into the template Metadata.
    Aspects.of(this).add(new AcknowledgeReviewedWildcards(), { priority: AspectPriority.MUTATING });

    new CfnOutput(this, 'ApiUrl', { value: this.api.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.client.userPoolClientId });
    new CfnOutput(this, 'ConsoleOrigin', { value: this.console.origin, description: 'The web console (CloudFront); the HTTP API allows it by CORS' });
    new CfnOutput(this, 'ConsoleLoginUrl', { value: this.console.loginUrl(this.api.client), description: 'Sign in to the web console through the Cognito hosted UI' });
  }
}
