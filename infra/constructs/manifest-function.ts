import { join } from 'node:path';
import { AssetHashType, BundlingOutput, DockerImage, Duration, RemovalPolicy, Validations, type ILocalBundling } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Runtime, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { writeFunctionBundleSync } from '../bundle-function.ts';
import type { FunctionSpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

export interface ManifestFunctionProps {
  /** The function's key in `manifest.functions`. */
  name: string;
  spec: FunctionSpec;
  appName: string;
  /** Repository root: handler entries are relative to it, and the source maps name files from it. */
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
      // Given `code`, NodejsFunction skips its own esbuild step (which cannot run esbuild plugins).
      code: functionCode(join(repoRoot, spec.entry), repoRoot),
      handler: 'index.handler', // the `handler` export of index.mjs (BUNDLE_FILE)
      description: spec.description,
      runtime: FUNCTION_DEFAULTS.runtime,
      architecture: FUNCTION_DEFAULTS.architecture,
      memorySize: spec.memoryMb ?? FUNCTION_DEFAULTS.memorySize,
      timeout: Duration.seconds(spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
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

/**
 * The function's asset: `bundleFunction` (infra/bundling.ts) run by the local esbuild through a
 * child process, the same build `npm run bundle-report` measures. The asset hash is the hash of
 * the bundle (AssetHashType.OUTPUT), so a change that does not change the bundle does not
 * redeploy. Stacks excluded from bundling (`aws:cdk:bundling-stacks`) skip it, as before.
 */
function functionCode(entry: string, repoRoot: string): Code {
  return Code.fromAsset(repoRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      local: new LocalFunctionBundling(entry, repoRoot),
      outputType: BundlingOutput.NOT_ARCHIVED,
      // Required by the type, never pulled: local bundling either succeeds or throws, and the
      // machines that synthesise have neither Docker nor the internet.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
    },
  });
}

/**
 * A class, not an object literal: CDK caches staged assets by a JSON hash of the bundling
 * options, and the entry must be an enumerable field of it or every function would share the
 * first function's bundle.
 */
class LocalFunctionBundling implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly repoRoot: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    writeFunctionBundleSync(this.entry, this.repoRoot, outputDir);
    return true;
  }
}
