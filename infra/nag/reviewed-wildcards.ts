import { CfnOutput, CfnStack, NestedStack, Stack, Validations, type CfnResource, type IAspect } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag's AwsSolutions-IAM5 flags every `*` in an IAM policy. Some are inherent to the service
 * (X-Ray has no resource-level permissions) or scoped to one named resource (a table's indexes).
 * Each kind is reviewed once here, with its reason. A statement is acknowledged only when ALL its
 * actions and resources match one review; any other wildcard stays a cdk-nag error, so a new
 * `resources: ['*']` cannot slip in under an old acknowledgement.
 */
export interface WildcardReview {
  /** Every action of the statement must match. */
  actions: RegExp;
  /** Every resource of the statement, flattened the way cdk-nag prints it, must match. */
  resources: RegExp;
  reason: string;
}

const LOGICAL_ARN = String.raw`<[A-Za-z0-9]+\.Arn>`;
// Partition, region and account are tokens in an environment-agnostic stack, and region and
// account are literals once the CLI supplies a default environment (CDK_DEFAULT_REGION/ACCOUNT).
const arnOf = (service: string) =>
  String.raw`arn:(<AWS::Partition>|aws[a-z-]*):${service}:(<AWS::Region>|[a-z]{2}(-[a-z]+)+-\d):(<AWS::AccountId>|\d{12}):`;

export const WILDCARD_REVIEWS: WildcardReview[] = [
  {
    actions: /^xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets|GetSamplingStatisticSummaries)$/,
    resources: /^\*$/,
    reason: 'X-Ray tracing: these X-Ray actions support no resource-level permissions, so AWS requires "*".',
  },
  {
    actions:
      /^logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/,
    resources: /^\*$/,
    reason: 'Step Functions logging uses CloudWatch vended-log delivery, whose APIs support no resource-level permissions.',
  },
  {
    actions: /^kms:(Decrypt|DescribeKey|Encrypt|ReEncrypt\*|GenerateDataKey\*)$/,
    resources: new RegExp(`^${LOGICAL_ARN}$`),
    reason: 'The wildcard is in the action names (GenerateDataKey*, ReEncrypt* variants) of one customer-managed key named by ARN.',
  },
  {
    actions: /^dynamodb:[A-Za-z]+$/,
    resources: new RegExp(`^(${LOGICAL_ARN}|${LOGICAL_ARN}/index/\\*|<AWS::NoValue>)$`),
    reason: "Queries use the table's global secondary indexes; the wildcard covers only the indexes of the one table named.",
  },
  {
    actions: /^states:(DescribeExecution|GetExecutionHistory|StopExecution|DescribeStateMachineForExecution)$/,
    resources: new RegExp(`^${arnOf('states')}execution:[A-Za-z0-9-]+:\\*$`),
    reason: 'Execution ARNs are minted at run time; the wildcard covers only the executions of the one state machine named.',
  },
  {
    actions: /^sns:SetSubscriptionAttributes$/,
    resources: /^\*$/,
    reason: "Changing a webhook's filter policy: SetSubscriptionAttributes has no resource type in IAM, so AWS accepts only \"*\"; the function sets the attributes of the subscriptions it recorded.",
  },
  {
    actions: /^lambda:InvokeFunction$/,
    resources: new RegExp(`^${LOGICAL_ARN}(:\\*)?$`),
    reason: 'Invoking one function named by ARN, including its qualified (version/alias) ARNs.',
  },
  {
    actions: /^scheduler:(GetSchedule|ListSchedules|CreateSchedule|UpdateSchedule|DeleteSchedule)$/,
    resources: new RegExp(`^${arnOf('scheduler')}schedule/([A-Za-z0-9._-]+|<[A-Za-z0-9]+>)/\\*$`),
    reason: 'Schedules are named at run time; the wildcard covers only the schedules of the one schedule group named.',
  },
];


/** Renders a CloudFormation value as cdk-nag does in its finding ids (utils/flatten-cfn-reference). */
export function flattenReference(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if ('Fn::Sub' in o) return flattenReference(o['Fn::Sub']);
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if ('Fn::ImportValue' in o) return flattenReference(o['Fn::ImportValue']);
    if ('Ref' in o) return `<${flattenReference(o.Ref)}>`;
  }
  return JSON.stringify(value);
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

interface Statement {
  Effect?: string;
  Action?: unknown;
  Resource?: unknown;
}

/**
 * The IAM5 finding ids of a policy document that every producing statement's review covers, with
 * reasons. The ids are those cdk-nag prints for the document as written; the reviews judge each
 * resource by what it stands for (`referenced`, see `referencedValue`), so a nested stack's
 * parameter that carries a table's ARN is reviewed as that table's ARN.
 */
export function reviewedFindings(
  document: { Statement?: Statement[] },
  reviews = WILDCARD_REVIEWS,
  referenced: (value: unknown) => unknown = (value) => value,
): Map<string, string> {
  const findings = new Map<string, { reviewed: boolean; reasons: Set<string> }>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    const actions = asArray(statement.Action).map(String);
    const written = asArray(statement.Resource);
    const resources = written.map((r) => flattenReference(referenced(r)));
    const wildcards = [
      ...actions.filter((a) => a.includes('*')).map((a) => `Action::${a}`),
      ...written.map(flattenReference).filter((r) => r.includes('*')).map((r) => `Resource::${r}`),
    ];
    if (wildcards.length === 0) continue;
    const review = reviews.find((r) => actions.every((a) => r.actions.test(a)) && resources.every((x) => r.resources.test(x)));
    for (const finding of wildcards) {
      const entry = findings.get(finding) ?? { reviewed: true, reasons: new Set<string>() };
      entry.reviewed &&= review !== undefined;
      if (review) entry.reasons.add(review.reason);
      findings.set(finding, entry);
    }
  }
  return new Map([...findings].filter(([, e]) => e.reviewed).map(([f, e]) => [f, [...e.reasons].join(' ')]));
}

/**
 * Acknowledges, on each IAM policy, the IAM5 findings that a review covers (and nothing else).
 *
 * Twice: when aspects run, a reference to another stack's resource still reads as that resource
 * (`<DataDomain….Arn>`), and these acknowledgements are the ones written into the template's
 * Metadata. Then CDK wires the references between a nested stack and its parent (the functions'
 * nested stacks, infra/constructs/function-stacks.ts) into parameters and outputs, and cdk-nag,
 * which runs after that, names findings by them (`<referencetoTestDataDomain…Arn>/index/*`). So
 * each policy also acknowledges once the references are wired (a construct validation runs then,
 * before cdk-nag), judging every parameter or output by the value it carries. The reviews are the
 * same; only the name of the finding follows the template.
 */
export class AcknowledgeReviewedWildcards implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnPolicy)) return;
    acknowledgeReviewed(node);
    node.node.addValidation({
      validate: () => {
        acknowledgeReviewed(node);
        return [];
      },
    });
  }
}

function acknowledgeReviewed(policy: CfnPolicy): void {
  const stack = Stack.of(policy);
  const document = stack.resolve(policy.policyDocument) as { Statement?: Statement[] };
  // Read the way cdk-nag reads them (ids without their `Annotation::` namespace), to add each once.
  const acknowledged = new Set(
    policy.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>).map((id) => id.replace(/^annotation::/i, ''))),
  );
  for (const [finding, reason] of reviewedFindings(document, WILDCARD_REVIEWS, (value) => referencedValue(stack, value))) {
    const id = `AwsSolutions-IAM5[${finding}]`;
    if (!acknowledged.has(id)) Validations.of(policy).acknowledge({ id, reason });
  }
}

/**
 * What a value of `stack`'s template stands for, followed across nested-stack boundaries: a `Ref`
 * to a nested stack's parameter is the value its parent passes for it, and `Fn::GetAtt` of a nested
 * stack's `Outputs.<name>` is that output's value, each read in the stack it belongs to. Anything
 * else is itself.
 */
export function referencedValue(stack: Stack, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => referencedValue(stack, v));
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  const parent = stack.nestedStackParent;
  if (typeof o.Ref === 'string' && parent && stack.nestedStackResource instanceof CfnStack) {
    const passed = parent.resolve(stack.nestedStackResource.parameters) as Record<string, unknown> | undefined;
    if (passed && o.Ref in passed) return referencedValue(parent, passed[o.Ref]);
  }
  const getAtt: unknown[] = Array.isArray(o['Fn::GetAtt']) ? o['Fn::GetAtt'] : [];
  const output = /^Outputs\.(.+)$/.exec(String(getAtt[1]))?.[1];
  if (output !== undefined) {
    const nested = nestedStacksOf(stack).get(String(getAtt[0]));
    const cfnOutput = nested && outputsOf(nested).get(output);
    if (nested && cfnOutput) return referencedValue(nested, nested.resolve(cfnOutput.value));
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, referencedValue(stack, v)]));
}

// Looked up once per stack: the construct tree is complete by the time references are followed.
const nestedStacks = new WeakMap<Stack, Map<string, NestedStack>>();
const outputs = new WeakMap<Stack, Map<string, CfnOutput>>();

/** The nested stacks whose parent is `stack`, by the logical id of their AWS::CloudFormation::Stack resource. */
function nestedStacksOf(stack: Stack): Map<string, NestedStack> {
  let found = nestedStacks.get(stack);
  if (!found) {
    found = new Map();
    for (const c of stack.node.findAll()) {
      if (NestedStack.isNestedStack(c) && c.nestedStackParent === stack) found.set(stack.resolve((c.nestedStackResource as CfnResource).logicalId) as string, c);
    }
    nestedStacks.set(stack, found);
  }
  return found;
}

/** The outputs of a stack's own template, by logical id. */
function outputsOf(stack: Stack): Map<string, CfnOutput> {
  let found = outputs.get(stack);
  if (!found) {
    found = new Map();
    for (const c of stack.node.findAll()) if (c instanceof CfnOutput && Stack.of(c) === stack) found.set(stack.resolve(c.logicalId) as string, c);
    outputs.set(stack, found);
  }
  return found;
}
