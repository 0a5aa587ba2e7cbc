import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsEndpoint, type AwsEndpoint } from '#local/aws-endpoint.ts';
import { createClock } from '#local/clock.ts';
import { createLambdaApiService, type LambdaApiService } from '#local/lambda/api.ts';
import { createInProcessInvoker } from '#local/lambda/in-process-invoker.ts';
import { testManifest } from '../fixtures/manifest.ts';
import { clearRecords, recorded, waitFor } from '../fixtures/recorder.ts';

/**
 * The Lambda API on the local AWS endpoint through the SDK's LambdaClient. Expected shapes and
 * texts: the Lambda API reference and LocalStack's AWS-recorded
 * tests/aws/services/lambda_/test_lambda_api.snapshot.json (get_function_response, Function not found).
 */
let endpoint: AwsEndpoint;
let service: LambdaApiService;
let client: LambdaClient;
beforeAll(async () => {
  const invoker = createInProcessInvoker({ manifest: testManifest, log: () => undefined });
  service = createLambdaApiService({ manifest: testManifest, invoker, clock: createClock({ scale: 1000 }) });
  endpoint = await startAwsEndpoint({ port: 0, services: [service] });
  client = new LambdaClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  client.destroy();
  await endpoint.close();
  service.close();
  clearRecords();
});

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('Invoke', () => {
  it('RequestResponse answers with the handler’s result, by name or ARN', async () => {
    for (const FunctionName of ['echo', 'arn:aws:lambda:us-east-1:000000000000:function:echo']) {
      const out = await client.send(new InvokeCommand({ FunctionName, Payload: JSON.stringify({ reply: { ok: 42 } }) }));
      expect(out).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
      expect(out.FunctionError).toBeUndefined();
      expect(JSON.parse(text(out.Payload))).toEqual({ ok: 42 });
    }
  });

  it('reports a failing handler as FunctionError Unhandled with the runtime’s error document', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'fail', Payload: JSON.stringify({}), LogType: 'Tail' }));
    expect(out).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' });
    expect(JSON.parse(text(out.Payload))).toMatchObject({ errorType: 'ConsignmentRejected', errorMessage: '容器号无效 / container number is not valid' });
    expect(Buffer.from(out.LogResult ?? '', 'base64').toString()).toMatch(/^START RequestId: /);
  });

  it('Event accepts the event (202) and runs the function asynchronously; DryRun only checks (204)', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: JSON.stringify({ via: 'event' }) }));
    expect(out.StatusCode).toBe(202);
    await waitFor(() => recorded<{ event: { via?: string } }>('echo').find((r) => r.event.via === 'event'), 3000, 'the asynchronous invocation');
    expect((await client.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }))).StatusCode).toBe(204);
  });

  it('answers ResourceNotFoundException for a function the manifest lacks, and InvalidRequestContentException for a payload that is not JSON', async () => {
    await expect(client.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(client.send(new InvokeCommand({ FunctionName: 'echo', Payload: new TextEncoder().encode('{not json') }))).rejects.toMatchObject({
      name: 'InvalidRequestContentException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('GetFunction, GetFunctionConfiguration, ListFunctions', () => {
  it('describe the manifest’s functions as Lambda does', async () => {
    const out = await client.send(new GetFunctionCommand({ FunctionName: 'echo' }));
    expect(out.Configuration).toMatchObject({
      FunctionName: 'echo',
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
      Handler: 'test/local/fixtures/functions/echo.handler',
      Description: 'echo',
      Timeout: 2,
      MemorySize: 128,
      Version: '$LATEST',
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Environment: { Variables: { FIXTURE_COLOUR: 'blue' } },
    });
    expect(out.Configuration?.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(out.Code?.RepositoryType).toBe('S3');
    expect(await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'echo' }))).toMatchObject({ FunctionName: 'echo', Timeout: 2 });
    await expect(client.send(new GetFunctionCommand({ FunctionName: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('ListFunctions lists every function of the manifest, in pages by Marker', async () => {
    const names: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await client.send(new ListFunctionsCommand({ MaxItems: 5, Marker }));
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ''));
      Marker = page.NextMarker;
    } while (Marker);
    expect(names).toEqual(Object.keys(testManifest.functions).sort());
  });
});
