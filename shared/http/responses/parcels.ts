import { z } from 'zod';
import { parcelLineSchema, parcelManifestSummarySchema } from '../../domain/parcels/parcel-manifest.ts';
import { instant, localisedText } from './common.ts';

/** A consignment's parcel manifest as declared: its counts and the sampling plan list-based supervision drew. */
export const parcelManifest = z.looseObject({
  consignmentId: z.string(),
  lines: z.number().int(),
  totalQuantity: z.number(),
  totalValue: z.number().meta({ description: 'The declared value of all lines, CNY' }),
  digest: z.string().meta({ description: 'SHA-256 of the lines as declared (base64url): the same manifest declared again is recognised' }),
  uploadedAt: instant,
  pages: z.number().int().meta({ description: 'How many pages GET /consignments/{id}/parcels reads it in' }),
  sampling: z.looseObject({ ...parcelManifestSummarySchema.shape.sampling.shape, rule: localisedText }),
});

/** A declared line with its index in the manifest. */
const parcelLine = z.looseObject({ line: z.number().int(), ...parcelLineSchema.partial().shape, waybill: z.string() });

/** GET /consignments/{id}/parcels: the manifest and one page of its lines, each marked whether it is sampled. */
export const parcelManifestPage = parcelManifest.extend({
  items: z.array(parcelLine.extend({ sampled: z.boolean() })),
  nextToken: z.string().optional().meta({ description: 'Pass as ?nextToken= to read the next page; absent on the last' }),
});

/** GET /consignments/{id}/parcel-sample: the manifest and the lines its sample drew. */
export const parcelSample = parcelManifest.extend({ items: z.array(parcelLine) });
