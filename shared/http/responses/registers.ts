import { z } from 'zod';
import { bureauCodeSchema } from '../../domain/codes.ts';
import { originApplicationStatusSchema } from '../../domain/origin/origin-application.ts';
import { recognitionStatusSchema } from '../../domain/recognition/recognised-body.ts';
import { actor, instant, page, record, version } from './common.ts';
import { task } from './tasks.ts';

/** A recognised foreign inspection body; who at HQ acted is HQ's to see. */
export const recognisedBody = z.looseObject({
  id: z.string(),
  name: z.string(),
  country: z.string(),
  accreditation: record,
  scope: record,
  recognisedFrom: instant,
  recognisedUntil: instant.optional(),
  status: recognitionStatusSchema,
  withdrawal: record.optional(),
  registeredBy: actor.optional(),
  createdAt: instant,
  updatedAt: instant,
  version,
});
export const recognisedBodyPage = page(recognisedBody);
export const recognisedBodyDetail = recognisedBody.extend({ history: z.array(record).optional() });

/** POST /origin-certificate-applications: the application as submitted. */
export const submittedOriginApplication = z.looseObject({
  id: z.string(),
  consignmentId: z.string(),
  form: z.string(),
  status: z.literal('submitted'),
  originBureau: bureauCodeSchema,
  executionArn: z.string(),
});

/** An application for a certificate of origin. */
export const originApplication = z.looseObject({
  id: z.string(),
  consignmentId: z.string(),
  form: z.string(),
  status: originApplicationStatusSchema,
  applicant: record,
  exporter: record,
  consignee: record,
  importingCountry: z.string(),
  goods: z.array(record),
  originBureau: bureauCodeSchema,
  leadBureau: bureauCodeSchema,
  executionArn: z.string(),
  review: record.optional(),
  certificate: z.looseObject({ id: z.string(), serial: z.string(), issuedAt: instant }).optional(),
  createdAt: instant,
  updatedAt: instant,
  version,
});
export const originApplicationPage = page(originApplication);
export const originApplicationDetail = originApplication.extend({ tasks: z.array(task) });
