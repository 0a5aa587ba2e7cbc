import { z } from 'zod';
import { bureauCodeSchema, portCodeSchema, transportModeSchema } from './codes.ts';
import { localisedTextSchema } from './text.ts';
import { countryCodeSchema } from './validators/country.ts';

/** A train service: origin city in China, border port(s), terminal(s) abroad. */
export const corridorSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: localisedTextSchema,
  originCity: localisedTextSchema,
  /** The bureau of the origin city: origin bureau of exports, usual destination of imports. */
  originBureau: bureauCodeSchema,
  ports: z.array(portCodeSchema).min(1),
  terminals: z
    .array(z.object({ city: localisedTextSchema, country: countryCodeSchema }))
    .min(1),
  transportMode: transportModeSchema,
});
export type Corridor = z.infer<typeof corridorSchema>;
