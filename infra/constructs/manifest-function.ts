import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionBundling } from '../bundling.ts';
import type { FunctionSpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

export interface ManifestFunctionProps {
  /** The function's key in `manifest.functions`. */
  name: string;
  spec: FunctionSpec;
  appName: string;
  /** Repository root: handler entries and the lock file are relative to it. */
  repoRoot: string;
  /** Resource environment from `functionEnvironment`; the Powertools defaults are added here. */
  environment: Record<string, string>;
}

export const FUNCTION_DEFAULTS = {
  runtime: Runtime.NODEJS_22_X,
  architecture: Architecture.ARM_64,
  memorySize: 512,
  timeoutSeconds: 10,
  logRetention: RetentionDays.THREE_MONTHS,
  logLevel: 'INFO',
} as const;

/**
 * One Lambda function of the manifest, with the defaults every function shares. The role starts
 * empty (no AWS managed policy): it may write to its own log group and send traces, and the
 * stack adds exactly the grants the manifest lists.
 */
export class ManifestFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ManifestFunctionProps) {
    super(scope, id);
    const { name, spec, appName, repoRoot } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: FUNCTION_DEFAULTS.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(repoRoot, spec.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      description: spec.description,
      runtime: FUNCTION_DEFAULTS.runtime,
      architecture: FUNCTION_DEFAULTS.architecture,
      memorySize: spec.memoryMb ?? FUNCTION_DEFAULTS.memorySize,
      timeout: Duration.seconds(spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      bundling: functionBundling,
      environment: {
        POWERTOOLS_SERVICE_NAME: name,
        POWERTOOLS_METRICS_NAMESPACE: appName,
        POWERTOOLS_LOG_LEVEL: FUNCTION_DEFAULTS.logLevel,
        // Stack traces point at the TypeScript sources through the bundled source maps.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
    markManifestEntry(this.function.node.defaultChild as CfnFunction, 'functions', name);

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 (an LTS runtime) is pinned on purpose: the bundles target node22 and the code is tested on it. Moving to a newer runtime is a deliberate, tested change of FUNCTION_DEFAULTS.',
    });
  }
}
