import { createRequire } from 'node:module';

/**
 * Calls into dynalite in-process, with dynalite's own request validation, for the operations the
 * local cloud implements in front of it (transactions, time to live). Going through dynalite's
 * actions rather than HTTP keeps its item format, index maintenance and error texts.
 */

/** An item or key in DynamoDB's JSON attribute-value form. */
export type AttributeMap = Record<string, Record<string, unknown>>;

export type DynaliteRequest = Record<string, unknown>;
export type DynaliteResponse = Record<string, unknown>;

/** dynalite's errors carry the AWS error body they answer with. */
export interface DynaliteError extends Error {
  statusCode: number;
  body: { __type: string; message?: string; Message?: string };
}

export const isDynaliteError = (error: unknown): error is DynaliteError =>
  error instanceof Error && typeof (error as Partial<DynaliteError>).statusCode === 'number' && typeof (error as Partial<DynaliteError>).body === 'object';

type Callback = (error: Error | null, result?: DynaliteResponse) => void;
type Action = (store: unknown, data: DynaliteRequest, cb: Callback) => void;
interface ActionValidation {
  types: Record<string, unknown>;
  custom?: unknown;
}
interface ValidationsModule {
  checkTypes(data: DynaliteRequest, types: Record<string, unknown>): DynaliteRequest;
  checkValidations(data: DynaliteRequest, types: Record<string, unknown>, custom: unknown, store: unknown): void;
}
interface DbModule {
  checkConditional(data: DynaliteRequest, existingItem: AttributeMap | undefined): Error | null | undefined;
}

const require = createRequire(import.meta.url);
const validations = require('dynalite/validations/index.js') as ValidationsModule;
const db = require('dynalite/db/index.js') as DbModule;

export type DynaliteOperation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'DescribeTable' | 'Scan';

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const actions = new Map<DynaliteOperation, { action: Action; validation: ActionValidation }>();
function actionFor(operation: DynaliteOperation) {
  let entry = actions.get(operation);
  if (!entry) {
    entry = {
      action: require(`dynalite/actions/${lowerFirst(operation)}.js`) as Action,
      validation: require(`dynalite/validations/${lowerFirst(operation)}.js`) as ActionValidation,
    };
    actions.set(operation, entry);
  }
  return entry;
}

/**
 * Checks a request as dynalite's HTTP handler would and returns it in dynalite's parsed form
 * (expressions compiled into `_condition`, `_updates`, ...). Throws a DynaliteError.
 */
export function validated(store: unknown, operation: DynaliteOperation, request: DynaliteRequest): DynaliteRequest {
  const { validation } = actionFor(operation);
  const data = validations.checkTypes(structuredClone(request), validation.types);
  validations.checkValidations(data, validation.types, validation.custom, store);
  return data;
}

/** Runs an already validated request. */
export function run(store: unknown, operation: DynaliteOperation, data: DynaliteRequest): Promise<DynaliteResponse> {
  const { action } = actionFor(operation);
  return new Promise((resolve, reject) => {
    action(store, data, (error, result) => (error ? reject(error) : resolve(result ?? {})));
  });
}

export const call = (store: unknown, operation: DynaliteOperation, request: DynaliteRequest) => run(store, operation, validated(store, operation, request));

/** Whether a validated request's condition (ConditionExpression or Expected) holds for the item. */
export const conditionHolds = (data: DynaliteRequest, existing: AttributeMap | undefined): boolean => !db.checkConditional(data, existing);

/** An error dynalite's HTTP handler would answer with. */
export function awsError(status: number, type: string, message: string): DynaliteError {
  const error = new Error(message) as DynaliteError;
  error.statusCode = status;
  error.body = { __type: type, message };
  return error;
}

export const validationError = (message: string) => awsError(400, 'com.amazon.coral.validate#ValidationException', message);
