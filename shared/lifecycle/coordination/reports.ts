import type { CallerIdentity } from '../../auth/claims.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { mayViewCase } from '../../domain/coordination/case-access.ts';
import { createReport, mayAcknowledgeReport, mayFileReport, type AcknowledgementRequest, type Report, type ReportRequest } from '../../domain/coordination/reports.ts';
import { bilingual } from '../../domain/text.ts';
import { actorOf } from '../../domain/train.ts';
import { ConflictError } from '../../data/errors.ts';
import type { Page, PageRequest } from '../../data/pagination.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound, type InputIssue } from '../errors.ts';
import { notices, repos } from '../ports.ts';
import { keyedRequest } from './keyed-request.ts';
import { nowIso } from '../../clock.ts';

/**
 * POST /reports (408号 三（十）): a bureau reports a good practice or a suggestion to HQ, citing
 * cases it can read and trains that exist (400 naming each one that is not); HQ is told. A keyed
 * retry lands on the same report however late.
 */
export async function fileReport(request: ReportRequest, caller: CallerIdentity, idempotencyKey?: string): Promise<Report> {
  if (!mayFileReport(caller)) throw new NotAllowed('an officer files a report to HQ for its bureau');
  const { id, keyed } = keyedRequest('report', caller, request, idempotencyKey);
  const replay = await repos().reports.findKeyed(id, keyed);
  if (replay) return replay;
  const problems: InputIssue[] = [];
  for (const [i, caseId] of (request.relatedCases ?? []).entries()) {
    const related = await repos().cases.find(caseId);
    if (!related || !mayViewCase(caller, related)) problems.push({ path: `relatedCases.${i}`, message: bilingual(`协调事项 ${caseId} 不存在或与本局无关`, `case ${caseId} does not exist or is not one of your bureau's`) });
  }
  for (const [i, trainId] of (request.relatedTrains ?? []).entries()) {
    if (!(await repos().trains.find(trainId))) problems.push({ path: `relatedTrains.${i}`, message: bilingual(`班列 ${trainId} 不存在`, `train ${trainId} does not exist`) });
  }
  if (problems.length > 0) throw new InvalidInput(problems);
  const report = await repos().reports.create(createReport(request, { id, at: nowIso(), by: actorOf(caller) }), keyed);
  await notices().notify([
    { bureau: 'HQ', kind: 'report-filed', title: { zh: `直属局报告：${report.title}`, en: `Report from ${report.bureau}: ${report.title}` }, data: { reportId: report.id, bureau: report.bureau, kind: report.kind } },
  ]);
  return report;
}

/** POST /reports/{id}/acknowledge: HQ acknowledges a report once, with remarks if it has any; the bureau is told. */
export async function acknowledgeReport(id: string, request: AcknowledgementRequest, caller: CallerIdentity): Promise<Report> {
  if (!mayAcknowledgeReport(caller)) throw new NotAllowed('HQ acknowledges the reports bureaus file');
  const report = await repos().reports.find(id);
  if (!report) throw new NotFound(`report ${id} does not exist`);
  if (report.status === 'acknowledged') throw new Conflict(`report ${id} was acknowledged on ${report.acknowledgement?.at ?? 'an earlier date'}`);
  let acknowledged: Report;
  try {
    acknowledged = await repos().reports.acknowledge(id, { by: actorOf(caller), at: nowIso(), ...(request.remarks !== undefined && { remarks: request.remarks }) });
  } catch (error) {
    if (error instanceof ConflictError) throw new Conflict(`report ${id} was acknowledged meanwhile`);
    throw error;
  }
  await notices().notify([
    { bureau: report.bureau, kind: 'report-acknowledged', title: { zh: `总局已阅：${report.title}`, en: `HQ acknowledged: ${report.title}` }, data: { reportId: id, remarks: request.remarks } },
  ]);
  return acknowledged;
}

/** GET /reports, newest first: HQ all (or one bureau's), an officer its bureau's. */
export function listReports(caller: CallerIdentity, request: PageRequest & { bureau?: BureauCode }): Promise<Page<Report>> {
  const { bureau, ...page } = request;
  if (caller.role === 'hq') return repos().reports.list(bureau === undefined ? {} : { bureau }, page);
  if (caller.role !== 'officer' || (bureau !== undefined && bureau !== caller.bureau)) throw new NotAllowed(`an officer of ${caller.bureau} reads the reports of ${caller.bureau}`);
  return repos().reports.list({ bureau: caller.bureau }, page);
}
