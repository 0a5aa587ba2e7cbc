/**
 * The shape of one conformance case (test/conformance/cases/*.json): a state machine, an input
 * and what AWS (or the source that asserts it) says happens. Shared by the importers and the
 * runner so a regenerated corpus and the runner cannot drift apart.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where the expected values come from, most authoritative first. */
export type Provenance =
  /** Recorded from real AWS (LocalStack snapshot of a test marked `@markers.aws.validated`). */
  | 'aws-recorded'
  /** Asserted by another emulator's test suite (not re-recorded against AWS). */
  | 'emulator-asserted'
  /** Quoted from the AWS Step Functions developer guide. */
  | 'aws-docs';

export interface CaseSource {
  repository: string;
  commit?: string;
  path: string;
  test: string;
  /** The snapshot entry and, within it, the recorded-content key the case came from. */
  snapshotKey?: string;
  provenance: Provenance;
  validatedDate?: string;
  /** What the importer rebuilt from the test's code rather than took from the recording, and how. */
  reconstructed?: string;
}

/** A Lambda function whose behaviour is declarative, registered by the runner under `name`. */
export type LambdaBehaviour = { kind: 'identity' } | { kind: 'raise'; errorType: string; errorMessage: string };

export interface ExpectedEvent {
  type: string;
  id?: number;
  previousEventId?: number;
  /** The event's `*EventDetails`, inputs/outputs parsed; placeholders as in the source. */
  details?: Record<string, Json>;
}

/** What ValidateStateMachineDefinition answered on AWS (diagnostics without their messages). */
export interface ExpectedValidation {
  result: 'OK' | 'FAIL';
  diagnostics: Array<{ code: string; severity: string; location?: string }>;
}

export interface ExpectedOutcome {
  /** The execution's end (absent for `validate` cases). */
  status?: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  /** `validate` cases: the validation answer. */
  validation?: ExpectedValidation;
  output?: Json;
  error?: string;
  cause?: Json;
  history?: ExpectedEvent[];
  /**
   * `sequence`: events compared in order with ids; `multiset`: compared as a bag (Parallel and
   * Map branches interleave differently from run to run).
   */
  historyOrder?: 'sequence' | 'multiset';
  /**
   * A normalisation the source applied to the history before recording it, which the runner
   * applies to the actual history too. `localstack-none-recursive-parallel` is LocalStack's
   * `SfnNoneRecursiveParallelTransformer`: it sorts each Parallel state's branch events and, as
   * written, drops the `ParallelStateSucceeded` (or `…Failed`) event before `ParallelStateExited`.
   */
  historyTransform?: 'localstack-none-recursive-parallel';
  /**
   * Replacement texts of the source's snapshot transformers (`RegexTransformer(name,
   * "lambda_function_1_name")`, `JsonpathTransformer(..., replacement="map_run_arn")`): where a
   * recorded string holds one, any text matches.
   */
  placeholders?: string[];
  /** Field names the source itself does not verify (LocalStack's `skip_snapshot_verify`). */
  ignoreFields?: string[];
}

export interface ConformanceCase {
  id: string;
  name: string;
  group: string;
  source: CaseSource;
  definition: Json;
  input: Json;
  /**
   * How the case runs: `standard` (default) creates a STANDARD machine, starts it and waits for
   * its end; `express-sync` creates an EXPRESS machine and calls StartSyncExecution; `validate`
   * calls ValidateStateMachineDefinition with `machineType`.
   */
  mode?: 'standard' | 'express-sync' | 'validate';
  machineType?: 'STANDARD' | 'EXPRESS';
  /** The execution input as AWS received it, where JSON.stringify(input) would differ (`0.0`). */
  inputText?: string;
  /** `validate` cases whose definition is not a JSON document: the text sent as is. */
  definitionText?: string;
  /** `${LambdaArn:name}` / `${LambdaName:name}` placeholders in the definition resolve to these. */
  lambdas?: Record<string, LambdaBehaviour>;
  expected: ExpectedOutcome;
}

export interface SkippedCase {
  id: string;
  source: CaseSource;
  reason: string;
}
