import { z } from 'zod';
import { bureauCodeSchema, permitKindSchema } from '../../domain/codes.ts';
import { instant, page, record } from './common.ts';

/** A permit as the online query shows it: what it allows, its standing now, the quantities. */
export const permitSummary = z.looseObject({
  number: z.string(),
  kind: permitKindSchema,
  holder: z.looseObject({ creditCode: z.string(), name: z.string() }),
  product: record,
  originCountries: z.array(z.string()),
  ports: z.array(z.string()),
  unit: z.string(),
  grantedQuantity: z.number().meta({ description: 'granted = remaining + reserved + writtenOff' }),
  remaining: z.number(),
  reserved: z.number(),
  writtenOff: z.number(),
  validFrom: instant,
  validUntil: instant,
  status: z.enum(['active', 'cancelled', 'not-yet-valid', 'expired', 'exhausted']),
  issuedBy: bureauCodeSchema,
  issuedAt: instant,
  cancellation: record.optional(),
  consignments: z.number().int().meta({ description: 'How many consignments used it' }),
});
export const permitPage = page(permitSummary);

/** GET /permits/{number}: with every consignment's use, in the order they were filed. */
export const permitDetail = permitSummary.extend({ history: z.array(record) });
