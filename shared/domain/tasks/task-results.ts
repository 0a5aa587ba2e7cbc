import { z } from 'zod';
import type { Consignment } from '../consignment.ts';
import { disposalKindSchema } from '../lifecycle-records.ts';
import { bilingual } from '../text.ts';
import type { TaskKind } from './task-kinds.ts';

/**
 * The body of `POST /tasks/{id}/complete`, per task kind. A failed result says what happens to
 * the goods (`disposal`), because the workflow routes on it.
 */
const findings = z.string().trim().min(1).max(4000).optional();
const disposalNeeded = bilingual('不合格须指定处置方式', 'a failed result must name a disposal');

const portCheckContainerSchema = z.object({
  number: z.string().trim().toUpperCase(),
  radiation: z.enum(['normal', 'alarm']),
  quarantine: z.enum(['pass', 'fail']),
  treatment: z.enum(['done', 'not-needed']),
});

const portChecksDetails = z.object({
  containers: z.array(portCheckContainerSchema).min(1),
  disposal: disposalKindSchema.optional(),
  findings,
});

const inspectionDetails = z.object({ disposal: disposalKindSchema.optional(), findings });

const treatmentDetails = z.object({
  method: z.string().trim().min(1).max(200).optional(),
  disposal: z.enum(['return', 'destroy']).optional(),
  findings,
});

const DETAILS_BY_KIND = {
  'port-checks': portChecksDetails,
  'port-inspection': inspectionDetails,
  'destination-inspection': inspectionDetails,
  'origin-inspection': inspectionDetails,
  treatment: treatmentDetails,
} as const satisfies Record<TaskKind, z.ZodType>;

export const taskOutcomeSchema = z.enum(['pass', 'fail']);

export function taskResultSchema(kind: TaskKind) {
  return z
    .object({ outcome: taskOutcomeSchema, details: DETAILS_BY_KIND[kind].optional() })
    .superRefine((result, ctx) => {
      if (kind === 'port-checks' && !result.details) {
        ctx.addIssue({ code: 'custom', path: ['details'], message: bilingual('须逐箱填报口岸查验结果', 'port checks report every container') });
      }
      if (result.outcome === 'fail' && !result.details?.disposal) {
        ctx.addIssue({ code: 'custom', path: ['details', 'disposal'], message: disposalNeeded });
      }
      if (result.outcome === 'pass' && result.details?.disposal) {
        ctx.addIssue({ code: 'custom', path: ['details', 'disposal'], message: bilingual('合格结果不应指定处置方式', 'a passed result has no disposal') });
      }
    });
}
export type TaskResult = z.infer<ReturnType<typeof taskResultSchema>>;
export type PortChecksDetails = z.infer<typeof portChecksDetails>;

/**
 * What a result must agree with in the consignment itself: port checks cover exactly its
 * containers, and an alarm or failed quarantine cannot be reported as a pass.
 */
export function resultProblems(kind: TaskKind, result: TaskResult, consignment: Pick<Consignment, 'containers'>): Array<{ path: string; message: string }> {
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
