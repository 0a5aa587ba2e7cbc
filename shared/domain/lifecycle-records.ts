import { z } from 'zod';
import { bureauCodeSchema } from './codes.ts';
import { CERTIFICATE_KINDS } from './certificates/certificate-kinds.ts';
import { timestampSchema } from './validators/timestamp.ts';

/** What happens to goods that failed a check or an inspection (不合格处置). */
export const DISPOSALS = ['treatment', 'return', 'destroy'] as const;
export type Disposal = (typeof DISPOSALS)[number];
export const disposalKindSchema = z.enum(DISPOSALS);

export const disposalSchema = z.object({
  kind: disposalKindSchema,
  /** The task whose result ordered it, e.g. `destination-inspection`. */
  decidedIn: z.string().min(1),
  bureau: bureauCodeSchema,
  at: timestampSchema,
});
export type DisposalRecord = z.infer<typeof disposalSchema>;

/** The electronic clearance document (电子通关单) an export is released with. */
export const clearanceDocumentSchema = z.object({
  number: z.string().min(1),
  issuedBy: bureauCodeSchema,
  issuedAt: timestampSchema,
  /** The signed export-clearance certificate the number belongs to. */
  certificateId: z.string().min(1).optional(),
});
export type ClearanceDocument = z.infer<typeof clearanceDocumentSchema>;

/** Where a consignment points at a certificate issued for it. */
export const certificateReferenceSchema = z.object({
  id: z.string().min(1),
  serial: z.string().min(1),
  kind: z.enum(CERTIFICATE_KINDS),
});
export type CertificateReference = z.infer<typeof certificateReferenceSchema>;
