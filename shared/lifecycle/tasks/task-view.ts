import type { PendingTask } from '../../data/task-repository.ts';

/** A task as the API shows it: never the callback token. Its subject is a consignment, a train run, an application for a certificate of origin or a coordination case. */
export function publicTask(task: Pick<PendingTask, 'taskId' | 'consignmentId' | 'trainId' | 'applicationId' | 'caseId' | 'kind' | 'bureau' | 'dueAt' | 'createdAt' | 'status' | 'escalation' | 'input'>) {
  return {
    id: task.taskId,
    ...(task.consignmentId !== undefined && { consignmentId: task.consignmentId }),
    ...(task.trainId !== undefined && { trainId: task.trainId }),
    ...(task.applicationId !== undefined && { applicationId: task.applicationId }),
    ...(task.caseId !== undefined && { caseId: task.caseId }),
    kind: task.kind,
    bureau: task.bureau,
    status: task.status,
    dueAt: task.dueAt,
    createdAt: task.createdAt,
    escalation: task.escalation ?? 0,
    ...(task.input && { input: task.input }),
  };
}
