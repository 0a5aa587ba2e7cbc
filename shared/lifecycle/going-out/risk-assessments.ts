import type { CallerIdentity } from '../../auth/claims.ts';
import { repos } from '../ports.ts';
import { keys } from '../../data/keys.ts';
import type { PageRequest } from '../../data/pagination.ts';
import { chinesePartyOf, type ConsignmentFiling } from '../../domain/consignment.ts';
import type { BureauCode } from '../../domain/codes.ts';
import {
  changeAssessment,
  goingOutViewOf,
  registerAssessment,
  TRADE_MODE_OF_KIND,
  withdrawAssessment,
  type AssessmentChange,
  type AssessmentField,
  type AssessmentRegistration,
  type GoingOutAssessment,
  type GoingOutView,
} from '../../domain/going-out/risk-assessment.ts';
import type { Withdrawal } from '../../domain/market-access/register-entry.ts';
import { publicEntry } from '../../domain/market-access/register-entry.ts';
import { actorOf } from '../../domain/train.ts';
import { NotAllowed, NotFound } from '../errors.ts';
import { keyedRequest } from '../coordination/keyed-request.ts';
import { changeRegisterEntry, withdrawRegisterEntry, type RegisterOps } from '../market-access/register-operations.ts';
import { nowIso } from '../../clock.ts';

/**
 * Going-out risk assessments (408号 三（五）): a bureau's officers keep them for the enterprises
 * they supervise; HQ and every bureau read them (one information system), an enterprise its own.
 */
const ops = (): RegisterOps<GoingOutAssessment, AssessmentField> => ({ what: 'going-out risk assessment', repository: repos().goingOut });

const keeperOnly = (caller: CallerIdentity) => (assessment: GoingOutAssessment) => {
  if (caller.role !== 'officer' || caller.bureau !== assessment.bureau) throw new NotAllowed(`only officers of ${assessment.bureau}, which keeps it, change risk assessment ${assessment.id}`);
};

/** Who at a bureau assessed is the bureaus' and HQ's business; an enterprise sees the assessment. */
const shown = (assessment: GoingOutAssessment, caller: CallerIdentity) => (caller.role === 'declarant' ? publicEntry(assessment) : assessment);

/** POST /going-out/risk-assessments: kept by the officer's bureau; a keyed retry lands on the same record. */
export async function recordAssessment(request: AssessmentRegistration, caller: CallerIdentity, idempotencyKey?: string): Promise<GoingOutAssessment> {
  if (caller.role !== 'officer') throw new NotAllowed("a bureau's officers record going-out risk assessments");
  const { id, keyed } = keyedRequest('going-out-assessment', caller, request, idempotencyKey);
  const replay = await repos().goingOut.findKeyed(id, keyed);
  if (replay) return replay;
  const { entry, change } = registerAssessment(request, { id, bureau: caller.bureau as BureauCode, at: nowIso(), by: actorOf(caller) });
  return repos().goingOut.create(entry, change, keyed);
}

export function changeGoingOutAssessment(id: string, request: AssessmentChange, caller: CallerIdentity): Promise<GoingOutAssessment> {
  return changeRegisterEntry(ops(), id, request, caller, changeAssessment, keeperOnly(caller));
}

export function withdrawGoingOutAssessment(id: string, request: Withdrawal, caller: CallerIdentity): Promise<GoingOutAssessment> {
  return withdrawRegisterEntry(ops(), id, request, caller, withdrawAssessment, keeperOnly(caller));
}

/** GET /going-out/risk-assessments/{id}: HQ and officers with the history; the enterprise its own. */
export async function assessmentDetail(id: string, caller: CallerIdentity) {
  const assessment = await repos().goingOut.find(id);
  if (!assessment || (caller.role === 'declarant' && caller.enterprise !== assessment.enterprise)) throw new NotFound(`going-out risk assessment ${id} does not exist`);
  if (caller.role === 'declarant') return shown(assessment, caller);
  return { ...assessment, history: await repos().goingOut.history(id) };
}

/** GET /going-out/risk-assessments?enterprise=&bureau=: a declarant lists its enterprise's only. */
export async function listAssessments(query: PageRequest & { enterprise?: string | undefined; bureau?: BureauCode | undefined }, caller: CallerIdentity) {
  const { enterprise, bureau, ...page } = query;
  if (caller.role === 'declarant' && enterprise !== undefined && enterprise !== caller.enterprise) throw new NotAllowed('an enterprise lists its own risk assessments');
  const own = caller.role === 'declarant' ? caller.enterprise : enterprise;
  if (caller.role === 'declarant' && own === undefined) return { items: [] };
  const repository = repos().goingOut;
  const found =
    own !== undefined
      ? await repository.list('gsi1', keys.goingOutOfEnterprise(own), page, bureau !== undefined ? [{ attribute: 'bureau', equals: bureau }] : [])
      : bureau !== undefined
        ? await repository.list('gsi2', keys.goingOutOfBureau(bureau), page)
        : await repository.list('gsi3', keys.allGoingOut, page);
  return { items: found.items.map((assessment) => shown(assessment, caller)), ...(found.nextToken !== undefined && { nextToken: found.nextToken }) };
}

/** What a filing of a going-out trade mode reads: the Chinese party's assessments (one Query); none for other trade modes. */
export async function assessmentsForFiling(filing: Pick<ConsignmentFiling, 'tradeMode' | 'direction' | 'consignor' | 'consignee'>): Promise<GoingOutView[]> {
  if (!(Object.values(TRADE_MODE_OF_KIND) as string[]).includes(filing.tradeMode)) return [];
  const creditCode = chinesePartyOf(filing).creditCode;
  if (creditCode === undefined) return [];
  return (await repos().goingOut.listAll('gsi1', keys.goingOutOfEnterprise(creditCode))).map(goingOutViewOf);
}
