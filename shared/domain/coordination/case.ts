import { z } from 'zod';
import { bureauCodeSchema, type BureauCode, type PortCode } from '../codes.ts';
import type { CooperationGroup } from '../cooperation-group.ts';
import {
  MAX_CASE_ANSWER_HOURS,
  MAX_CASE_TEXT_LENGTH,
  MAX_COORDINATION_TITLE_LENGTH,
  MAX_REFERENCE_ID_LENGTH,
  MIN_CASE_ANSWER_HOURS,
} from '../limits.ts';
import { bilingual } from '../text.ts';
import { TASK_DEADLINE_SECONDS } from '../tasks/task-kinds.ts';
import type { Actor } from '../train.ts';
import { text } from './fields.ts';

/**
 * A coordination case (协调事项, 408号 四（二）、（三）): a problem one bureau raises with another
 * about a consignment, a train or a general matter — certificates and documents, inspection, or
 * release —, which the addressed bureau answers. Unanswered past its deadline it goes to the lead
 * bureau of the cooperation group, then to HQ, as a task's deadlines do. It ends resolved (by the
 * addressed bureau's answer, or by the lead bureau or HQ once it has reached them) or withdrawn
 * by the bureau that opened it.
 */
export const CASE_KINDS = ['documents', 'inspection', 'release', 'other'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const caseKindSchema = z.enum(CASE_KINDS, {
  error: bilingual('协调事项类别须为 documents、inspection、release 或 other', 'kind must be documents, inspection, release or other'),
});

/** `opened`: stored, its workflow not yet waiting; `awaiting-answer`: the addressed bureau's task is open (escalated or not). */
export const CASE_STATUSES = ['opened', 'awaiting-answer', 'resolved', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const caseStatusSchema = z.enum(CASE_STATUSES, {
  error: bilingual('状态须为 opened、awaiting-answer、resolved 或 withdrawn', 'status must be opened, awaiting-answer, resolved or withdrawn'),
});
export const isClosedCase = (status: CaseStatus): boolean => status === 'resolved' || status === 'withdrawn';

const referenceId = (zh: string, en: string) =>
  z
    .string({ error: bilingual(`${zh}须为字符串`, `${en} must be a string`) })
    .trim()
    .min(1, { error: bilingual(`${zh}不能为空`, `${en} must not be empty`) })
    .max(MAX_REFERENCE_ID_LENGTH, { error: bilingual(`${zh}不超过 ${MAX_REFERENCE_ID_LENGTH} 个字符`, `${en} must be at most ${MAX_REFERENCE_ID_LENGTH} characters`) });

/** What the case is about. */
export const caseSubjectSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('consignment'), consignmentId: referenceId('货物编号', 'consignmentId') }),
    z.strictObject({ type: z.literal('train'), trainId: referenceId('班列编号', 'trainId') }),
    z.strictObject({ type: z.literal('general') }),
  ],
  { error: bilingual('事项对象须为 consignment、train 或 general', 'subject.type must be consignment, train or general') },
);
export type CaseSubject = z.infer<typeof caseSubjectSchema>;

const caseText = (zh: string, en: string) => text(zh, en, MAX_CASE_TEXT_LENGTH);

/** POST /cases. */
export const openCaseSchema = z.strictObject({
  kind: caseKindSchema,
  subject: caseSubjectSchema,
  /** The bureau that must answer. */
  addressedBureau: bureauCodeSchema,
  title: text('标题', 'title', MAX_COORDINATION_TITLE_LENGTH),
  description: caseText('事项说明', 'description'),
  /**
   * The cooperation group's lead bureau the case escalates to. A consignment's or train's is its
   * port's and need not be named; a general case between two bureaus that share both groups names it.
   */
  leadBureau: bureauCodeSchema.optional(),
  /** How long the addressed bureau has per escalation round; two working days when left out. */
  answerWithinHours: z
    .number({ error: bilingual('答复时限须为整数小时', 'answerWithinHours must be a whole number of hours') })
    .int({ error: bilingual('答复时限须为整数小时', 'answerWithinHours must be a whole number of hours') })
    .min(MIN_CASE_ANSWER_HOURS, { error: bilingual(`答复时限至少 ${MIN_CASE_ANSWER_HOURS} 小时`, `answerWithinHours must be at least ${MIN_CASE_ANSWER_HOURS}`) })
    .max(MAX_CASE_ANSWER_HOURS, { error: bilingual(`答复时限不超过 ${MAX_CASE_ANSWER_HOURS} 小时`, `answerWithinHours must be at most ${MAX_CASE_ANSWER_HOURS}`) })
    .optional(),
});
export type OpenCaseRequest = z.infer<typeof openCaseSchema>;

/** POST /cases/{id}/messages. */
export const caseMessageSchema = z.strictObject({ text: caseText('留言', 'text') });
/** POST /cases/{id}/resolve, and the addressed bureau's answer through POST /tasks/{id}/complete. */
export const caseResolutionShape = { resolution: caseText('处理结果', 'resolution') };
export const caseResolutionSchema = z.strictObject(caseResolutionShape);
/** POST /cases/{id}/withdraw. */
export const caseWithdrawalSchema = z.strictObject({ reason: caseText('撤回原因', 'reason') });

/** How a case ended: what the workflow receives as the answer of its task, and what the case keeps. */
export interface CaseOutcome {
  outcome: 'resolved' | 'withdrawn';
  /** The resolution, or why the opener withdrew it. */
  text: string;
  by: Actor;
  at: string;
  /** How far the case had escalated when it ended (0: answered in time). */
  escalation: number;
  /** For a resolution: whether the addressed bureau answered, or the lead bureau or HQ decided. */
  resolvedAs?: CaseStage;
}

export interface CoordinationCase {
  id: string;
  kind: CaseKind;
  subject: CaseSubject;
  title: string;
  description: string;
  openedBy: Actor;
  addressedBureau: BureauCode;
  leadBureau: BureauCode;
  status: CaseStatus;
  /** Deadlines passed unanswered: 1 the addressed bureau was reminded, 2 the lead bureau told, 3 and more HQ. */
  escalation: number;
  /** The addressed bureau's time per escalation round. */
  answerWithinSeconds: number;
  /** The current round's deadline, once the workflow waits. */
  dueAt?: string;
  openedAt: string;
  updatedAt: string;
  closedAt?: string;
  outcome?: CaseOutcome;
  /** Messages posted so far; each is an item of its own, numbered from 1. */
  messageCount: number;
  executionArn: string;
  version: number;
}

/** One step of a case's life, in its history (GET /cases/{id}); messages are the thread, apart. */
export interface CaseHistoryEntry {
  type: 'opened' | 'awaiting-answer' | 'escalated' | 'resolved' | 'withdrawn';
  at: string;
  /** Who acted: the opener, the resolving or withdrawing officer. */
  by?: Actor;
  /** The bureau told: the addressed bureau when the wait starts, then whom each escalation reaches. */
  notified?: BureauCode;
  /** The escalation level reached (escalated), or how far it had gone (resolved, withdrawn). */
  level?: number;
  /** The deadline of the wait that starts here. */
  dueAt?: string;
  text?: string;
}

export interface CaseMessage {
  caseId: string;
  sequence: number;
  text: string;
  by: Actor;
  at: string;
}

/** Who an escalation level reaches (as `escalationTarget` for tasks): the addressed bureau, then the lead bureau, then HQ. */
export type CaseStage = 'addressed' | 'lead' | 'hq';
export const stageOf = (escalation: number): CaseStage => (escalation >= 3 ? 'hq' : escalation === 2 ? 'lead' : 'addressed');

/** The bureaus a case concerns from its opening: who reads it, posts on it and lists it. */
export function caseParties(c: Pick<CoordinationCase, 'openedBy' | 'addressedBureau' | 'leadBureau'>): BureauCode[] {
  return [...new Set([c.openedBy.bureau, c.addressedBureau, c.leadBureau])];
}

/** Whom news of a case goes to: its parties, and HQ once the case has reached it; never the bureau that made the news. */
export function bureausToTell(c: Pick<CoordinationCase, 'openedBy' | 'addressedBureau' | 'leadBureau' | 'escalation'>, except?: BureauCode): BureauCode[] {
  const told: BureauCode[] = [...caseParties(c), ...(stageOf(c.escalation) === 'hq' ? (['HQ'] as const) : [])];
  return told.filter((bureau) => bureau !== except);
}

export type InputProblem = { path: string; message: string };

/**
 * The cooperation group's lead bureau a case escalates to (408号 四（一）: the groups are led by
 * the port bureaus). A case about a consignment or a train belongs to the group of its port. A
 * general case belongs to the group both bureaus share; when they share two, or none, the opener
 * names the lead bureau of a group one of them belongs to.
 */
export function caseLeadBureau(
  request: Pick<OpenCaseRequest, 'leadBureau' | 'addressedBureau'>,
  context: { opener: BureauCode; port?: PortCode | undefined; groups: readonly CooperationGroup[] },
): { lead: BureauCode } | { problem: InputProblem } {
  const { groups, opener, port } = context;
  if (port !== undefined) {
    const lead = groups.find((g) => g.ports.includes(port))?.leadBureau;
    if (lead === undefined) return { problem: { path: 'subject', message: bilingual(`口岸 ${port} 不属于任何区域合作组`, `port ${port} belongs to no cooperation group`) } };
    if (request.leadBureau !== undefined && request.leadBureau !== lead) {
      return { problem: { path: 'leadBureau', message: bilingual(`该事项的口岸属于 ${lead} 牵头的合作组`, `the port of this case belongs to the group led by ${lead}`) } };
    }
    return { lead };
  }
  const leadsOf = (bureau: BureauCode) => groups.filter((g) => g.members.includes(bureau)).map((g) => g.leadBureau);
  const either = [...new Set([...leadsOf(opener), ...leadsOf(request.addressedBureau)])];
  if (request.leadBureau !== undefined) {
    if (either.includes(request.leadBureau)) return { lead: request.leadBureau };
    return { problem: { path: 'leadBureau', message: bilingual(`双方所在合作组的牵头局为 ${either.join('、') || '无'}`, `the groups of the two bureaus are led by ${either.join(', ') || 'no bureau'}`) } };
  }
  const shared = leadsOf(opener).filter((lead) => leadsOf(request.addressedBureau).includes(lead));
  const candidates = shared.length > 0 ? shared : either;
  const [only] = candidates;
  if (only !== undefined && candidates.length === 1) return { lead: only };
  return {
    problem: {
      path: 'leadBureau',
      message:
        candidates.length === 0
          ? bilingual('双方均不属于任何区域合作组', 'neither bureau belongs to a cooperation group')
          : bilingual(`请指明牵头局（${candidates.join('、')}）`, `name the lead bureau (${candidates.join(' or ')})`),
    },
  };
}

/** What the rules refuse in a request to open a case, before anything is looked up. */
export function openCaseProblems(request: Pick<OpenCaseRequest, 'addressedBureau'>, opener: BureauCode): InputProblem[] {
  if (request.addressedBureau === 'HQ') {
    return [{ path: 'addressedBureau', message: bilingual('协调事项向直属局提出；总局在升级后介入', 'a case is addressed to a bureau; HQ steps in when it escalates') }];
  }
  if (request.addressedBureau === opener) {
    return [{ path: 'addressedBureau', message: bilingual('不能向本局提出协调事项', 'a bureau does not open a case with itself') }];
  }
  return [];
}

/** The case as stored at its opening, with its first history entry. */
export function createCase(
  request: OpenCaseRequest,
  meta: { id: string; at: string; by: Actor; leadBureau: BureauCode; executionArn: string },
): { coordinationCase: CoordinationCase; opened: CaseHistoryEntry } {
  const coordinationCase: CoordinationCase = {
    id: meta.id,
    kind: request.kind,
    subject: request.subject,
    title: request.title,
    description: request.description,
    openedBy: meta.by,
    addressedBureau: request.addressedBureau,
    leadBureau: meta.leadBureau,
    status: 'opened',
    escalation: 0,
    answerWithinSeconds: request.answerWithinHours === undefined ? TASK_DEADLINE_SECONDS['coordination-case'] : request.answerWithinHours * 3600,
    openedAt: meta.at,
    updatedAt: meta.at,
    messageCount: 0,
    executionArn: meta.executionArn,
    version: 1,
  };
  return { coordinationCase, opened: { type: 'opened', at: meta.at, by: meta.by } };
}
