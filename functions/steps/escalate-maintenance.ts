import { escalateOverdue, maintenanceStepSchema } from '#shared/lifecycle/maintenance/maintenance-pairs.ts';
import { stepHandler } from '#shared/steps/step-handler.ts';

/** MaintenanceDeadline step at the re-export deadline: a pair still in China is marked overdue once, and its bureau, HQ and the enterprise hear. */
export const handler = stepHandler(maintenanceStepSchema, escalateOverdue);
