/**
 * Step Functions ARNs, as strings: `arn:…:stateMachine:<machine>` and
 * `arn:…:execution:<machine>:<name>` (standard workflows; we run no express ones).
 */

/** `arn:…:stateMachine:<machine>` + name → `arn:…:execution:<machine>:<name>`. */
export const executionArnOf = (stateMachineArn: string, name: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/** True for an execution ARN, whose state machine `stateMachineOf` can name. */
export const isExecutionArn = (arn: string): boolean => /^arn:[^:]+:states:[^:]*:[^:]*:execution:[^:]+:[^:]+$/.test(arn);

/** `arn:…:execution:<machine>:<name>` → `arn:…:stateMachine:<machine>`. */
export const stateMachineOf = (executionArn: string): string => executionArn.replace(/:execution:([^:]+):[^:]+$/, ':stateMachine:$1');

/** `arn:…:execution:<machine>:<name>` → `<name>` (unique per state machine). */
export const executionNameOf = (executionArn: string): string => executionArn.slice(executionArn.lastIndexOf(':') + 1);

/**
 * `arn:…:stateMachine:CrExpressInspection-ConsignmentImport` → `ConsignmentImport`. Physical names
 * are `<stack>-<manifest key>` on AWS and the bare key locally; manifest keys have no hyphen.
 */
export function workflowOf(stateMachine: string): string {
  const name = stateMachine.includes(':stateMachine:') ? stateMachine.slice(stateMachine.lastIndexOf(':') + 1) : stateMachine;
  return name.slice(name.lastIndexOf('-') + 1);
}
