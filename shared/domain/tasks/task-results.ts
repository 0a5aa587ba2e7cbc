import { z } from 'zod';
import type { Consignment } from '../consignment.ts';
import { disposalKindSchema } from '../lifecycle-records.ts';
import {
  MAX_CONTAINER_FINDING_LENGTH,
  MAX_CONTAINERS_PER_CONSIGNMENT,
  MAX_CONTAINERS_PER_TRAIN,
  MAX_TREATMENT_METHOD_LENGTH,
  tooLong,
} from '../limits.ts';
import { bilingual } from '../text.ts';
import type { TrainDirection } from '../train.ts';
import { containerNumberSchema } from '../validators/container-number.ts';
import { caseResolutionShape } from '../coordination/case.ts';
import { originReviewRules, originReviewShape } from '../origin/origin-review.ts';
import type { ConsignmentTaskKind, CoordinationTaskKind, OriginTaskKind, TrainTaskKind } from './task-kinds.ts';
import { handOverDetailsSchema, handOverProblems } from '../multimodal/hand-over-result.ts';
import { LIST_BASED_TRADE_MODES } from '../parcels/parcel-manifest.ts';
import { findingsSchema } from './findings.ts';
import { MAX_PARCEL_RESULTS, parcelAnswerProblems, parcelResultSchema } from '../parcels/parcel-sampling.ts';

/**
 * The body of `POST /tasks/{id}/complete`, per task kind. A failed result says what happens to
 * the goods (`disposal`), because the workflow routes on it.
 */
const disposalNeeded = bilingual('不合格须指定处置方式', 'a failed result must name a disposal');

const portCheckContainerSchema = z.object({
  /** Normalised as on the filing, so it matches the declared number; bounded by its format. */
  number: containerNumberSchema,
  radiation: z.enum(['normal', 'alarm']),
  quarantine: z.enum(['pass', 'fail']),
  treatment: z.enum(['done', 'not-needed']),
});

const portChecksDetails = z.object({
  containers: z
    .array(portCheckContainerSchema, { error: bilingual('集装箱结果须为数组', 'containers must be an array') })
    .min(1, { error: bilingual('须逐箱填报口岸查验结果', 'port checks report every container') })
    .max(MAX_CONTAINERS_PER_CONSIGNMENT, {
      error: bilingual(
        `一批货物最多 ${MAX_CONTAINERS_PER_CONSIGNMENT} 个集装箱，结果不能更多`,
        `a consignment has at most ${MAX_CONTAINERS_PER_CONSIGNMENT} containers to report`,
      ),
    }),
  disposal: disposalKindSchema.optional(),
  findings: findingsSchema,
});

const inspectionDetails = z.object({ disposal: disposalKindSchema.optional(), findings: findingsSchema });
/** §5 list-based supervision: the inland inspection answers each sampled parcel line (parcels/parcel-sampling.ts). */
const inlandInspectionDetails = inspectionDetails.extend({
  parcels: z
    .array(parcelResultSchema, { error: bilingual('抽检结果须为数组', 'parcels must be an array') })
    .max(MAX_PARCEL_RESULTS, { error: bilingual(`最多 ${MAX_PARCEL_RESULTS} 个抽检结果`, `at most ${MAX_PARCEL_RESULTS} parcel results`) })
    .optional(),
});

const treatmentDetails = z.object({
  method: z
    .string({ error: bilingual('处理方法须为字符串', 'method must be a string') })
    .trim()
    .min(1, { error: bilingual('处理方法不能为空', 'method must not be empty') })
    .max(MAX_TREATMENT_METHOD_LENGTH, { error: tooLong('处理方法', 'method', MAX_TREATMENT_METHOD_LENGTH) })
    .optional(),
  disposal: z.enum(['return', 'destroy']).optional(),
  findings: findingsSchema,
});

const DETAILS_BY_KIND = {
  'port-checks': portChecksDetails,
  'port-inspection': inspectionDetails,
  'destination-inspection': inlandInspectionDetails,
  'origin-inspection': inlandInspectionDetails,
  treatment: treatmentDetails,
  'mode-hand-over': handOverDetailsSchema,
} as const satisfies Record<ConsignmentTaskKind, z.ZodType>;

export const taskOutcomeSchema = z.enum(['pass', 'fail']);

/** The fields of a consignment task's result; `taskResultSchema` adds the rules between them. */
const consignmentResultShape = (kind: ConsignmentTaskKind) => ({ outcome: taskOutcomeSchema, details: DETAILS_BY_KIND[kind].optional() });

type ConsignmentResultFields = { outcome: 'pass' | 'fail'; details?: { disposal?: string | undefined } | undefined };

const consignmentResultRules = (kind: ConsignmentTaskKind) => (result: ConsignmentResultFields, ctx: z.RefinementCtx) => {
  if (kind === 'port-checks' && !result.details) {
    ctx.addIssue({ code: 'custom', path: ['details'], message: bilingual('须逐箱填报口岸查验结果', 'port checks report every container') });
  }
  if (result.outcome === 'fail' && !result.details?.disposal) {
    ctx.addIssue({ code: 'custom', path: ['details', 'disposal'], message: disposalNeeded });
  }
  if (result.outcome === 'pass' && result.details?.disposal) {
    ctx.addIssue({ code: 'custom', path: ['details', 'disposal'], message: bilingual('合格结果不应指定处置方式', 'a passed result has no disposal') });
  }
};

export function taskResultSchema(kind: ConsignmentTaskKind) {
  return z.object(consignmentResultShape(kind)).superRefine(consignmentResultRules(kind));
}
export type TaskResult = z.infer<ReturnType<typeof taskResultSchema>>;
export type PortChecksDetails = z.infer<typeof portChecksDetails>;

/**
 * What a result must agree with in the consignment itself: port checks cover exactly its
 * containers, and an alarm or failed quarantine cannot be reported as a pass.
 */
export function resultProblems(
  kind: ConsignmentTaskKind,
  result: TaskResult,
  consignment: Pick<Consignment, 'containers'> & Partial<Pick<Consignment, 'tradeMode' | 'parcelManifest'>>,
): Array<{ path: string; message: string }> {
  // §10: the seals at the change of mode; §5: the sampled parcel lines of a list-based consignment.
  if (kind === 'mode-hand-over') return handOverProblems(result, consignment);
  if ((kind === 'destination-inspection' || kind === 'origin-inspection') && (LIST_BASED_TRADE_MODES as readonly string[]).includes(consignment.tradeMode ?? '')) {
    return parcelAnswerProblems(result, consignment.parcelManifest);
  }
  const details = kind === 'port-checks' ? portChecksDetails.safeParse(result.details) : undefined;
  if (!details?.success) return [];
  const reported = details.data.containers;
  const problems: Array<{ path: string; message: string }> = [];
  const declared = new Set(consignment.containers.map((c) => c.number));
  const seen = new Set<string>();
  reported.forEach((container, i) => {
    if (!declared.has(container.number)) {
      problems.push({ path: `details.containers.${i}.number`, message: bilingual(`集装箱 ${container.number} 不属于该批货物`, `container ${container.number} is not in this consignment`) });
    }
    if (seen.has(container.number)) {
      problems.push({ path: `details.containers.${i}.number`, message: bilingual(`集装箱 ${container.number} 重复填报`, `container ${container.number} is reported twice`) });
    }
    seen.add(container.number);
  });
  const missing = [...declared].filter((n) => !seen.has(n));
  if (missing.length > 0) {
    problems.push({ path: 'details.containers', message: bilingual(`缺少集装箱 ${missing.join(', ')} 的结果`, `no result for container(s) ${missing.join(', ')}`) });
  }
  const failing = reported.filter((c) => c.radiation === 'alarm' || c.quarantine === 'fail').map((c) => c.number);
  if (result.outcome === 'pass' && failing.length > 0) {
    problems.push({ path: 'outcome', message: bilingual(`集装箱 ${failing.join(', ')} 报警或检疫不合格，结果不能为合格`, `container(s) ${failing.join(', ')} alarmed or failed quarantine: the outcome cannot be pass`) });
  }
  return problems;
}

const trainContainersTooMany = bilingual(
  `一列班列最多 ${MAX_CONTAINERS_PER_TRAIN} 个集装箱`,
  `a train carries at most ${MAX_CONTAINERS_PER_TRAIN} containers`,
);

/**
 * Train tasks (train-run workflow), recorded once per train by the port bureau.
 * - `train-quarantine`: entry or exit quarantine of the train; on an inbound train the officer
 *   also records the surface treatment of its containers and any container with a finding,
 *   which is what lets unalarmed consignments skip a second port-checks action.
 * - `train-radiation`: the channel monitor's batch for the whole train, container by container.
 * A failed train task needs no disposal (the goods' fate is decided per consignment); a failed
 * quarantine says what was found.
 */
const trainQuarantineDetails = z.object({
  surfaceTreatment: z.enum(['done', 'not-needed']).optional(),
  containerFindings: z
    .array(
      z.object({
        number: containerNumberSchema,
        finding: z
          .string({ error: bilingual('发现的问题须为字符串', 'finding must be a string') })
          .trim()
          .min(1, { error: bilingual('发现的问题不能为空', 'finding must not be empty') })
          .max(MAX_CONTAINER_FINDING_LENGTH, { error: tooLong('单箱发现的问题', 'finding', MAX_CONTAINER_FINDING_LENGTH) }),
      }),
    )
    .max(MAX_CONTAINERS_PER_TRAIN, { error: trainContainersTooMany })
    .optional(),
  findings: findingsSchema,
});

const trainRadiationDetails = z.object({
  containers: z
    .array(z.object({ number: containerNumberSchema, radiation: z.enum(['normal', 'alarm']) }))
    .min(1, { error: bilingual('须逐箱填报辐射监测结果', 'report the radiation of every container') })
    .max(MAX_CONTAINERS_PER_TRAIN, { error: trainContainersTooMany }),
  findings: findingsSchema,
});

const trainQuarantineShape = { outcome: taskOutcomeSchema, details: trainQuarantineDetails.optional() };
const trainRadiationShape = { outcome: taskOutcomeSchema, details: trainRadiationDetails };

function trainQuarantineRules(result: TrainQuarantineTaskResult, ctx: z.RefinementCtx) {
  if (result.outcome === 'fail' && !result.details?.findings) {
    ctx.addIssue({ code: 'custom', path: ['details', 'findings'], message: bilingual('检疫不合格须说明发现的问题', 'a failed quarantine says what was found') });
  }
}

function trainRadiationRules(result: TrainRadiationTaskResult, ctx: z.RefinementCtx) {
  const alarmed = result.details.containers.filter((c) => c.radiation === 'alarm').map((c) => c.number);
  if (result.outcome === 'pass' && alarmed.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['outcome'], message: bilingual(`集装箱 ${alarmed.join(', ')} 报警，结果不能为合格`, `container(s) ${alarmed.join(', ')} alarmed: the outcome cannot be pass`) });
  }
  if (result.outcome === 'fail' && alarmed.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['details', 'containers'], message: bilingual('不合格须列出报警的集装箱', 'a failed monitoring lists the alarmed containers') });
  }
  const seen = new Set<string>();
  result.details.containers.forEach((container, i) => {
    if (seen.has(container.number)) {
      ctx.addIssue({ code: 'custom', path: ['details', 'containers', i, 'number'], message: bilingual(`集装箱 ${container.number} 重复填报`, `container ${container.number} is reported twice`) });
    }
    seen.add(container.number);
  });
}

export function trainTaskResultSchema(kind: 'train-quarantine'): z.ZodType<TrainQuarantineTaskResult>;
export function trainTaskResultSchema(kind: 'train-radiation'): z.ZodType<TrainRadiationTaskResult>;
export function trainTaskResultSchema(kind: TrainTaskKind): z.ZodType<TrainTaskResult>;
export function trainTaskResultSchema(kind: TrainTaskKind): z.ZodType<TrainTaskResult> {
  return kind === 'train-quarantine'
    ? z.object(trainQuarantineShape).superRefine(trainQuarantineRules)
    : z.object(trainRadiationShape).superRefine(trainRadiationRules);
}

export type TrainQuarantineTaskResult = { outcome: 'pass' | 'fail'; details?: z.infer<typeof trainQuarantineDetails> };
export type TrainRadiationTaskResult = { outcome: 'pass' | 'fail'; details: z.infer<typeof trainRadiationDetails> };
export type TrainTaskResult = TrainQuarantineTaskResult | TrainRadiationTaskResult;

/**
 * What a train task result must agree with on the train: an inbound train quarantine records the
 * surface treatment, because the consignments' port checks rest on it. Findings and scans may
 * name containers of consignments not filed yet (a late filing still uses them), so container
 * numbers are checked for their ISO 6346 check digit only.
 */
export function trainResultProblems(kind: TrainTaskKind, result: TrainTaskResult, train: { direction: TrainDirection }): Array<{ path: string; message: string }> {
  if (kind !== 'train-quarantine' || train.direction !== 'inbound') return [];
  const details = result.details as z.infer<typeof trainQuarantineDetails> | undefined;
  if (details?.surfaceTreatment !== undefined) return [];
  return [
    {
      path: 'details.surfaceTreatment',
      message: bilingual('入境列车检疫须记录集装箱表面处理（done 或 not-needed）', 'entry quarantine records the surface treatment of the containers (done or not-needed)'),
    },
  ];
}

const consignmentAnswer = <K extends ConsignmentTaskKind>(kind: K) =>
  z.object({ kind: z.literal(kind), ...consignmentResultShape(kind) }).superRefine(consignmentResultRules(kind));

/**
 * The body of `POST /tasks/{id}/complete`: one schema per task kind, told apart by `kind`, which
 * the API fills in from the task when the caller leaves it out (a `kind` that is not the task's
 * is refused). Published in the OpenAPI document as it is.
 */
export const taskAnswerSchema = z.discriminatedUnion('kind', [
  consignmentAnswer('port-checks'),
  consignmentAnswer('port-inspection'),
  consignmentAnswer('destination-inspection'),
  consignmentAnswer('origin-inspection'),
  consignmentAnswer('treatment'),
  consignmentAnswer('mode-hand-over'),
  z.object({ kind: z.literal('train-quarantine'), ...trainQuarantineShape }).superRefine(trainQuarantineRules),
  z.object({ kind: z.literal('train-radiation'), ...trainRadiationShape }).superRefine(trainRadiationRules),
  z.object({ kind: z.literal('origin-certificate-review'), ...originReviewShape }).superRefine(originReviewRules),
  // The addressed bureau's answer to a coordination case: how the problem was resolved.
  z.object({ kind: z.literal('coordination-case'), ...caseResolutionShape }),
]);
export type TaskAnswerInput = z.infer<typeof taskAnswerSchema>;
export type ConsignmentTaskAnswerInput = Extract<TaskAnswerInput, { kind: ConsignmentTaskKind }>;
export type TrainTaskAnswerInput = Extract<TaskAnswerInput, { kind: TrainTaskKind }>;
export type OriginTaskAnswerInput = Extract<TaskAnswerInput, { kind: OriginTaskKind }>;
export type CoordinationTaskAnswerInput = Extract<TaskAnswerInput, { kind: CoordinationTaskKind }>;
