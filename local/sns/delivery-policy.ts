import { z } from 'zod';
import { invalidParameter } from './query-protocol.ts';

/**
 * The HTTP/S delivery policy: how often and how far apart SNS retries a failed delivery.
 * AWS's default is three retries, 20 seconds apart. A retry schedule has four phases: immediate
 * retries, retries at the minimum delay, a backoff phase from the minimum to the maximum delay,
 * and retries at the maximum delay. (AWS adds jitter; locally the delays are exact.)
 */
const backoffFunctions = ['linear', 'arithmetic', 'geometric', 'exponential'] as const;

const healthyRetryPolicySchema = z.object({
  minDelayTarget: z.number().int().min(1).max(3600).default(20),
  maxDelayTarget: z.number().int().min(1).max(3600).default(20),
  numRetries: z.number().int().min(0).max(100).default(3),
  numNoDelayRetries: z.number().int().min(0).default(0),
  numMinDelayRetries: z.number().int().min(0).default(0),
  numMaxDelayRetries: z.number().int().min(0).default(0),
  backoffFunction: z.enum(backoffFunctions).default('linear'),
});

export type HealthyRetryPolicy = z.infer<typeof healthyRetryPolicySchema>;

const requestPolicySchema = z.object({ headerContentType: z.string().optional() });

const subscriptionPolicySchema = z.object({
  healthyRetryPolicy: healthyRetryPolicySchema.optional(),
  throttlePolicy: z.object({ maxReceivesPerSecond: z.number().int().min(1).optional() }).optional(),
  requestPolicy: requestPolicySchema.optional(),
});

const topicPolicySchema = z.object({
  http: z
    .object({
      defaultHealthyRetryPolicy: healthyRetryPolicySchema.optional(),
      disableSubscriptionOverrides: z.boolean().optional(),
      defaultRequestPolicy: requestPolicySchema.optional(),
      defaultThrottlePolicy: z.object({ maxReceivesPerSecond: z.number().int().min(1).optional() }).optional(),
    })
    .optional(),
});

export const DEFAULT_RETRY_POLICY: HealthyRetryPolicy = healthyRetryPolicySchema.parse({});
export const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

function parse<T>(schema: z.ZodType<T>, json: string | undefined, attribute: string): T | undefined {
  if (json === undefined || json.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalidParameter(`Invalid parameter: ${attribute}: failed to parse JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidParameter(`Invalid parameter: ${attribute}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const retry = (parsed.data as { healthyRetryPolicy?: HealthyRetryPolicy }).healthyRetryPolicy;
  if (retry) checkPhases(retry, attribute);
  return parsed.data;
}

function checkPhases(policy: HealthyRetryPolicy, attribute: string): void {
  if (policy.minDelayTarget > policy.maxDelayTarget) throw invalidParameter(`Invalid parameter: ${attribute}: minDelayTarget must not exceed maxDelayTarget`);
  if (policy.numNoDelayRetries + policy.numMinDelayRetries + policy.numMaxDelayRetries > policy.numRetries) {
    throw invalidParameter(`Invalid parameter: ${attribute}: the phases add up to more than numRetries`);
  }
}

export const validateSubscriptionDeliveryPolicy = (json: string) => void parse(subscriptionPolicySchema, json, 'DeliveryPolicy');
export const validateTopicDeliveryPolicy = (json: string) => void parse(topicPolicySchema, json, 'DeliveryPolicy');

export interface EffectiveDeliveryPolicy {
  healthyRetryPolicy: HealthyRetryPolicy;
  contentType: string;
}

/** The subscription's policy over the topic's defaults, unless the topic disables overrides. */
export function effectiveDeliveryPolicy(topicPolicy: string | undefined, subscriptionPolicy: string | undefined): EffectiveDeliveryPolicy {
  const topic = parse(topicPolicySchema, topicPolicy, 'DeliveryPolicy')?.http;
  const subscription = topic?.disableSubscriptionOverrides ? undefined : parse(subscriptionPolicySchema, subscriptionPolicy, 'DeliveryPolicy');
  return {
    healthyRetryPolicy: subscription?.healthyRetryPolicy ?? topic?.defaultHealthyRetryPolicy ?? DEFAULT_RETRY_POLICY,
    contentType: subscription?.requestPolicy?.headerContentType ?? topic?.defaultRequestPolicy?.headerContentType ?? DEFAULT_CONTENT_TYPE,
  };
}

/** The delay in seconds before each retry, in order (its length is `numRetries`). */
export function retryDelaysSeconds(policy: HealthyRetryPolicy): number[] {
  const { minDelayTarget: min, maxDelayTarget: max, numRetries, numNoDelayRetries, numMinDelayRetries, numMaxDelayRetries } = policy;
  const backoffRetries = Math.max(0, numRetries - numNoDelayRetries - numMinDelayRetries - numMaxDelayRetries);
  const backoff = Array.from({ length: backoffRetries }, (_, i) => {
    const f = backoffRetries === 1 ? 1 : i / (backoffRetries - 1);
    switch (policy.backoffFunction) {
      case 'arithmetic':
        return min + (max - min) * f * f;
      case 'geometric':
      case 'exponential':
        return min * (max / min) ** f;
      default:
        return min + (max - min) * f;
    }
  });
  return [
    ...Array<number>(numNoDelayRetries).fill(0),
    ...Array<number>(numMinDelayRetries).fill(min),
    ...backoff.map((d) => Math.round(d)),
    ...Array<number>(numMaxDelayRetries).fill(max),
  ];
}

export function effectivePolicyJson(policy: EffectiveDeliveryPolicy): string {
  return JSON.stringify({
    healthyRetryPolicy: policy.healthyRetryPolicy,
    sicklyRetryPolicy: null,
    throttlePolicy: null,
    requestPolicy: { headerContentType: policy.contentType },
    guaranteed: false,
  });
}
