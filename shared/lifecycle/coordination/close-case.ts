import { z } from 'zod';
import { bureausToTell, type CoordinationCase } from '../../domain/coordination/case.ts';
import { notices, repos } from '../ports.ts';

/** What the CoordinationCase workflow's last step receives. */
export const closeCaseRequestSchema = z.object({
  caseId: z.string().min(1),
  executionArn: z.string().min(1),
  correlationId: z.string().min(1).optional(),
});
export type CloseCaseRequest = z.infer<typeof closeCaseRequestSchema>;

const TITLES = {
  resolved: (title: string) => ({ zh: `协调事项已办结：${title}`, en: `Case resolved: ${title}` }),
  withdrawn: (title: string) => ({ zh: `协调事项已撤回：${title}`, en: `Case withdrawn: ${title}` }),
} as const;

/**
 * The end of a case: its outcome was recorded with the answer; the bureaus concerned (and HQ, if
 * the case reached it) hear how it ended. A retried step tells again: rare, and harmless.
 */
export async function closeCase(request: CloseCaseRequest): Promise<CoordinationCase> {
  const c = await repos().cases.get(request.caseId);
  const { status } = c;
  // The step runs once the answer's follow-up recorded the outcome; until then it fails and is retried.
  if (status !== 'resolved' && status !== 'withdrawn') throw new Error(`case ${c.id} is ${status}: its outcome is not recorded yet`);
  await notices().notify(
    bureausToTell(c).map((bureau) => ({
      bureau,
      kind: `case-${status}`,
      title: TITLES[status](c.title),
      data: { caseId: c.id, outcome: c.outcome?.text, by: c.outcome?.by.bureau, resolvedAs: c.outcome?.resolvedAs, escalation: c.escalation },
    })),
  );
  return c;
}
