import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionSpec, Manifest } from '../../infra/manifest-types.ts';
import { LOCAL_ACCOUNT, lambdaArn } from '../arns.ts';
import { readBody, sendJson as sendAwsJson, type AwsProtocolService } from '../aws-endpoint.ts';
import type { Clock } from '../clock.ts';
import { createAsyncLambdaInvoker } from './async-invoke.ts';
import { LambdaServiceError } from './errors.ts';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, functionNameOf } from './in-process-invoker.ts';
import type { LambdaInvoker } from './invoker-types.ts';

/**
 * The Lambda API on the local AWS endpoint, for the manifest's functions: Invoke
 * (RequestResponse, Event, DryRun), GetFunction, GetFunctionConfiguration and ListFunctions, so
 * `aws lambda invoke` and the SDK's LambdaClient work locally. Functions run in-process through
 * the same invoker API Gateway, Step Functions and SNS use; they are deployed by the manifest, so
 * the operations that change functions are not offered. Shapes and texts follow the Lambda API
 * reference and LocalStack's AWS-recorded tests/aws/services/lambda_/test_lambda_api.snapshot.json.
 */
export interface LambdaApiOptions {
  manifest: Pick<Manifest, 'functions'>;
  invoker: LambdaInvoker;
  clock: Clock;
  /** Directory the manifest's `entry` paths are relative to; the repository root by default. */
  rootDir?: string;
  /** A function's configured environment variables, as GetFunction reports them. */
  environment?: (functionName: string) => Record<string, string>;
  log?: (line: string) => void;
}

export type LambdaApiService = AwsProtocolService & { close(): void };

const API_PREFIX = '/2015-03-31/functions';
const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAX_LIST_ITEMS = 50;

const STATUS: Record<string, number> = {
  ResourceNotFoundException: 404,
  InvalidRequestContentException: 400,
  InvalidParameterValueException: 400,
  RequestTooLargeException: 413,
  ServiceException: 500,
};

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => sendAwsJson(res, status, body, 'application/json', headers);

function sendError(res: ServerResponse, type: string, message: string): void {
  const status = STATUS[type] ?? 500;
  sendJson(res, status, { Type: status >= 500 ? 'Service' : 'User', Message: message }, { 'x-amzn-errortype': type });
}

/** `2024-05-01T10:00:00.000+0000`, Lambda's LastModified format. */
const lastModified = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

export function createLambdaApiService(options: LambdaApiOptions): LambdaApiService {
  const { manifest, invoker } = options;
  const rootDir = options.rootDir ?? REPOSITORY_ROOT;
  const asyncInvoker = createAsyncLambdaInvoker({ invoker, clock: options.clock, ...(options.log && { log: options.log }) });

  function specOf(reference: string): { name: string; spec: FunctionSpec } {
    const name = functionNameOf(reference);
    const spec = manifest.functions[name];
    if (!spec) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: ${lambdaArn(name)}`);
    return { name, spec };
  }

  async function configuration(name: string, spec: FunctionSpec) {
    const file = resolve(rootDir, spec.entry);
    // A manifest entry whose module is missing is still listed (invoking it fails as on AWS with bad code).
    const [source, info] = await Promise.all([readFile(file).catch(() => Buffer.alloc(0)), stat(file).catch(() => ({ mtimeMs: options.clock.now() }))]);
    return {
      FunctionName: name,
      FunctionArn: lambdaArn(name),
      // What runs locally: this Node.js, this machine's architecture.
      Runtime: `nodejs${process.versions.node.split('.')[0]}.x`,
      Role: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${name}-role`,
      Handler: `${spec.entry.replace(/\.[cm]?[jt]s$/, '')}.handler`,
      CodeSize: source.length,
      CodeSha256: createHash('sha256').update(source).digest('base64'),
      Description: spec.description,
      Timeout: spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      MemorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      LastModified: lastModified(info.mtimeMs),
      Version: '$LATEST',
      Environment: { Variables: options.environment ? options.environment(name) : (spec.environment ?? {}) },
      TracingConfig: { Mode: 'PassThrough' },
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: [process.arch === 'arm64' ? 'arm64' : 'x86_64'],
      EphemeralStorage: { Size: 512 },
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    };
  }

  async function invoke(req: IncomingMessage, res: ServerResponse, reference: string): Promise<void> {
    const { name } = specOf(reference);
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    const raw = (await readBody(req)).toString('utf8');
    let payload: unknown = {};
    if (raw.trim() !== '') {
      try {
        payload = JSON.parse(raw) as unknown;
      } catch (error) {
        throw new LambdaServiceError('InvalidRequestContentException', `Could not parse request body into json: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    switch (type) {
      case 'DryRun':
        res.writeHead(204).end();
        return;
      case 'Event':
        asyncInvoker.invoke(name, payload);
        res.writeHead(202, { 'content-length': 0 }).end();
        return;
      case 'RequestResponse':
        break;
      default:
        sendError(res, 'InvalidParameterValueException', `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`);
        return;
    }
    const result = await invoker.invoke(name, payload);
    const headers: Record<string, string> = { 'x-amz-executed-version': '$LATEST', 'x-amzn-requestid': result.requestId };
    if (req.headers['x-amz-log-type'] === 'Tail') {
      const log = `START RequestId: ${result.requestId} Version: $LATEST\nEND RequestId: ${result.requestId}\n`;
      headers['x-amz-log-result'] = Buffer.from(log).toString('base64');
    }
    if (result.ok) {
      sendJson(res, 200, result.payload ?? null, headers);
      return;
    }
    // A failing handler is a successful Invoke whose payload is the runtime's error document.
    sendJson(res, 200, result.error, { ...headers, 'x-amz-function-error': 'Unhandled' });
  }

  async function listFunctions(res: ServerResponse, query: URLSearchParams): Promise<void> {
    const max = query.has('MaxItems') ? Number(query.get('MaxItems')) : MAX_LIST_ITEMS;
    if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new LambdaServiceError('InvalidParameterValueException', 'MaxItems must be between 1 and 10000');
    const marker = query.get('Marker');
    const names = Object.keys(manifest.functions).sort();
    const from = marker ? names.findIndex((n) => n > marker) : 0;
    const page = from < 0 ? [] : names.slice(from, from + max);
    const functions = await Promise.all(page.map((name) => configuration(name, manifest.functions[name]!)));
    const last = page[page.length - 1];
    sendJson(res, 200, { Functions: functions, ...(last !== undefined && from + max < names.length && { NextMarker: last }) });
  }

  return {
    name: 'lambda',
    accepts(req: IncomingMessage) {
      if (req.headers['x-amz-target'] !== undefined) return false;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      return path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
    },

    async handle(req: IncomingMessage, res: ServerResponse) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const [reference, sub, ...rest] = url.pathname.slice(API_PREFIX.length + 1).split('/').map(decodeURIComponent);
      try {
        if (!reference && req.method === 'GET') return await listFunctions(res, url.searchParams);
        if (reference && rest.length === 0) {
          if (sub === 'invocations' && req.method === 'POST') return await invoke(req, res, reference);
          if (sub === undefined && req.method === 'GET') {
            const { name, spec } = specOf(reference);
            return sendJson(res, 200, { Configuration: await configuration(name, spec), Code: { RepositoryType: 'S3', Location: `file://${resolve(rootDir, spec.entry)}` } });
          }
          if (sub === 'configuration' && req.method === 'GET') {
            const { name, spec } = specOf(reference);
            return sendJson(res, 200, await configuration(name, spec));
          }
        }
        sendError(res, 'InvalidParameterValueException', `The local Lambda API does not support ${req.method} ${url.pathname} (it offers Invoke, GetFunction, GetFunctionConfiguration and ListFunctions)`);
      } catch (error) {
        if (!(error instanceof LambdaServiceError) && !(error instanceof Error && error.name in STATUS)) throw error;
        sendError(res, error.name, error.message);
      }
    },

    close: () => asyncInvoker.close(),
  };
}
