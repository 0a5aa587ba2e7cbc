import { z } from 'zod';
import { bureauCodeSchema } from './codes.ts';
import { localisedTextSchema } from './text.ts';

export const bureauSchema = z.object({
  code: bureauCodeSchema,
  /** Official name of the directly affiliated bureau (直属局) or of HQ. */
  name: localisedTextSchema,
  /** Short name officers use ("内蒙古局"). */
  shortName: localisedTextSchema,
  /** City where the bureau sits. */
  seat: localisedTextSchema,
  kind: z.enum(['headquarters', 'provincial', 'city']),
  /** Leads a regional cooperation group (408号 四（一）): Inner Mongolia and Xinjiang. */
  lead: z.boolean(),
});
export type Bureau = z.infer<typeof bureauSchema>;
