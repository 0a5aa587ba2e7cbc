import { z } from 'zod';
import { bureauCodeSchema, portCodeSchema } from './codes.ts';
import { localisedTextSchema } from './text.ts';
import { countryCodeSchema } from './validators/country.ts';

export const portSchema = z.object({
  code: portCodeSchema,
  name: localisedTextSchema,
  /** The port bureau: runs port checks, port inspection and train quarantine here. */
  bureau: bureauCodeSchema,
  neighbour: z.object({
    country: countryCodeSchema,
    station: localisedTextSchema,
  }),
  /** Containers change trains here: standard gauge in China, broad gauge beyond. */
  gaugeChange: z.object({
    chinaMm: z.number().int().positive(),
    neighbourMm: z.number().int().positive(),
  }),
});
export type Port = z.infer<typeof portSchema>;
