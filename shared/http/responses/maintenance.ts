import { z } from 'zod';
import { MAINTENANCE_STATUSES } from '../../domain/maintenance/maintenance-pair.ts';
import { instant, version } from './common.ts';

/** A global-maintenance pair (408号 三（四）): the repair import, its re-export deadline and, once it left, its re-export. */
export const maintenancePair = z.looseObject({
  importId: z.string(),
  bureau: z.string().meta({ description: 'The destination bureau of the import, which supervises the goods while they are in China' }),
  enterprise: z.string(),
  status: z.enum(MAINTENANCE_STATUSES),
  filedAt: instant,
  reExportBy: instant,
  reExportId: z.string().optional(),
  reExportedAt: instant.optional(),
  escalatedAt: instant.optional().meta({ description: 'When the deadline passed with the goods still in China' }),
  version,
});

export const maintenancePairs = z.object({
  items: z.array(maintenancePair),
  nextToken: z.string().optional().meta({ description: 'Pass as ?nextToken= to read the next page; absent on the last' }),
});
