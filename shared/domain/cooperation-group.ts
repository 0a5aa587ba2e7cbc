import { z } from 'zod';
import { bureauCodeSchema, portCodeSchema } from './codes.ts';
import { localisedTextSchema } from './text.ts';

/** A regional cooperation group (区域合作组) led by the bureau of its ports (408号 四（一）). */
export const cooperationGroupSchema = z.object({
  id: z.string().min(1),
  name: localisedTextSchema,
  leadBureau: bureauCodeSchema,
  ports: z.array(portCodeSchema).min(1),
  /** Bureaus whose corridors use one of the ports; the lead bureau is listed first. */
  members: z.array(bureauCodeSchema).min(1),
});
export type CooperationGroup = z.infer<typeof cooperationGroupSchema>;
