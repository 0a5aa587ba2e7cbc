import { z } from 'zod';
import type { Caller } from '../access.ts';
import type { BureauCode } from '../codes.ts';
import { MAX_CASE_TEXT_LENGTH, MAX_COORDINATION_BODY_LENGTH, MAX_COORDINATION_TITLE_LENGTH, MAX_REFERENCE_ID_LENGTH, MAX_REPORT_REFERENCES, tooLong, tooMany } from '../limits.ts';
import { bilingual } from '../text.ts';
import type { Actor } from '../train.ts';
import { distinct, text } from './fields.ts';

/**
 * Reports to HQ (408号 三（十）): "good experience and practice in supporting the Belt and Road
 * and the trains, opinions and suggestions are reported to HQ's clearance department in time".
 * A bureau files one, citing the cases or trains it draws on; HQ acknowledges it.
 */
export const REPORT_KINDS = ['good-practice', 'suggestion'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const references = (zh: string, en: string) =>
  z
    .array(
      z
        .string({ error: bilingual(`${zh}须为字符串`, `${en} must be strings`) })
        .trim()
        .min(1, { error: bilingual(`${zh}不能为空`, `${en} must not be empty`) })
        .max(MAX_REFERENCE_ID_LENGTH, { error: tooLong(zh, en, MAX_REFERENCE_ID_LENGTH) }),
      { error: bilingual(`${zh}须为数组`, `${en} must be an array`) },
    )
    .max(MAX_REPORT_REFERENCES, { error: tooMany(zh, en, MAX_REPORT_REFERENCES) })
    .refine(distinct, { error: bilingual(`${zh}有重复`, `${en} repeats an id`) })
    .optional();

/** POST /reports. */
export const reportSchema = z.strictObject({
  kind: z.enum(REPORT_KINDS, { error: bilingual('报告类别须为 good-practice 或 suggestion', 'kind must be good-practice or suggestion') }),
  title: text('标题', 'title', MAX_COORDINATION_TITLE_LENGTH),
  body: text('正文', 'body', MAX_COORDINATION_BODY_LENGTH),
  relatedCases: references('相关协调事项', 'relatedCases'),
  relatedTrains: references('相关班列', 'relatedTrains'),
});
export type ReportRequest = z.infer<typeof reportSchema>;

/** POST /reports/{id}/acknowledge. */
export const acknowledgementSchema = z.strictObject({ remarks: text('总局意见', 'remarks', MAX_CASE_TEXT_LENGTH).optional() });
export type AcknowledgementRequest = z.infer<typeof acknowledgementSchema>;

export interface Report {
  id: string;
  kind: ReportKind;
  title: string;
  body: string;
  relatedCases: string[];
  relatedTrains: string[];
  bureau: BureauCode;
  filedBy: Actor;
  filedAt: string;
  status: 'filed' | 'acknowledged';
  acknowledgement?: { by: Actor; at: string; remarks?: string };
  version: number;
}

/** Filing: an officer, for its bureau. HQ is whom reports go to. */
export const mayFileReport = (caller: Caller): boolean => caller.role === 'officer';
/** Reading: HQ, and the bureau that filed it. */
export const mayViewReport = (caller: Caller, report: Pick<Report, 'bureau'>): boolean => caller.role === 'hq' || (caller.role === 'officer' && caller.bureau === report.bureau);
export const mayAcknowledgeReport = (caller: Caller): boolean => caller.role === 'hq';

export function createReport(request: ReportRequest, meta: { id: string; at: string; by: Actor & { bureau: BureauCode } }): Report {
  return {
    id: meta.id,
    kind: request.kind,
    title: request.title,
    body: request.body,
    relatedCases: request.relatedCases ?? [],
    relatedTrains: request.relatedTrains ?? [],
    bureau: meta.by.bureau,
    filedBy: meta.by,
    filedAt: meta.at,
    status: 'filed',
    version: 1,
  };
}
