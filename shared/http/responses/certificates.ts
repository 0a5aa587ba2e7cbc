import { z } from 'zod';
import { bureauCodeSchema } from '../../domain/codes.ts';
import { instant, localisedText, record } from './common.ts';

/** The signed certificate as issued (a JWS with its payload), with its current status beside it (not signed). */
export const certificate = z.looseObject({
  id: z.string(),
  serial: z.string(),
  kind: z.string(),
  status: z.enum(['valid', 'revoked']),
  revocation: record.optional(),
  issuingBureau: bureauCodeSchema,
  issuedAt: instant,
  consignmentId: z.string(),
  certificate: record.meta({ description: 'The signed certificate: canonical JSON and its JWS (docs/certificates.md)' }),
});

/** GET /verify/{serial}: only what the paper shows. */
export const publicVerification = z.union([
  z.looseObject({ serial: z.string(), status: z.literal('unknown') }),
  z.looseObject({
    serial: z.string(),
    status: z.enum(['valid', 'revoked']),
    kind: z.string(),
    title: localisedText,
    issuingBureau: z.string(),
    issuedAt: instant,
    consignor: z.string(),
    consignee: z.string(),
    goods: z.array(z.looseObject({ hsCode: z.string(), quantity: z.number(), unit: z.string() })),
    signatureDigest: z.string().meta({ description: 'SHA-256 of the signed JWS' }),
    revocation: z.looseObject({ reason: z.string(), at: instant }).optional(),
  }),
]);

/** A JSON Web Key Set (RFC 7517): the public keys certificates are signed with. */
export const jwks = z.looseObject({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) });
