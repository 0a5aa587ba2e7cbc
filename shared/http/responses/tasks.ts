import { z } from 'zod';
import { bureauCodeSchema } from '../../domain/codes.ts';
import { instant, page, record } from './common.ts';

/** A task as the API shows it (never its callback token); its subject is a consignment, a train run, an application or a case. */
export const task = z.looseObject({
  id: z.string(),
  consignmentId: z.string().optional(),
  trainId: z.string().optional(),
  applicationId: z.string().optional(),
  caseId: z.string().optional(),
  kind: z.string().meta({ description: 'The task kind, e.g. `port-checks`, `destination-inspection`' }),
  bureau: bureauCodeSchema,
  status: z.string().meta({ description: 'open, completed, timed-out …' }),
  dueAt: instant.optional(),
  createdAt: instant,
  escalation: z.number().int().meta({ description: '0 at the bureau, 1 at the lead bureau, 2 at HQ' }),
  input: record.optional(),
});
export const taskPage = page(task);

/** POST /tasks/{id}/complete: the task as closed and what the answer did. */
export const taskCompletion = z.looseObject({ task, result: z.unknown() });

/** A bureau's or an enterprise's inbox entry. */
export const notification = z.looseObject({
  id: z.string(),
  bureau: z.string(),
  kind: z.string().meta({ description: 'e.g. `task-assigned`, `task-overdue`, `nonconformity`, `epidemic-alert`' }),
  title: z.unknown().meta({ description: 'Bilingual `{ zh, en }`, or one string with Accept-Language zh or en' }),
  body: z.unknown().optional(),
  data: record.optional(),
  consignmentId: z.string().optional(),
  taskId: z.string().optional(),
  createdAt: instant,
  readAt: instant.optional(),
});
export const notificationPage = page(notification);

/** POST /webhooks: the bureau's HTTPS endpoint, subscribed to its notifications through SNS. */
export const webhook = z.looseObject({
  id: z.string(),
  url: z.string(),
  kinds: z.array(z.string()).optional(),
  filterPolicy: record,
  subscriptionArn: z.string().optional(),
  createdAt: instant,
  updatedAt: instant,
  version: z.number().int(),
});
