import { z } from 'zod';
import { bureauCodeSchema, directionSchema, goodsCategorySchema, portCodeSchema } from './codes.ts';
import { permitReferenceSchema } from './permit-reference.ts';
import { reasonCodeSchema } from './reason-codes.ts';
import { localisedTextSchema } from './text.ts';
import { journeyPlanSchema } from './multimodal/journey.ts';

/** What the port bureau does for every import (§1): no opening of the container. */
export const PORT_CHECKS = ['radiation-monitoring', 'container-quarantine', 'surface-treatment'] as const;
export type PortCheck = (typeof PORT_CHECKS)[number];

/** Inland (destination or origin) inspection depth, lowest first. */
export const INSPECTION_LEVELS = ['document-review', 'standard', 'intensified'] as const;
export type InspectionLevel = (typeof INSPECTION_LEVELS)[number];
export const inspectionLevelSchema = z.enum(INSPECTION_LEVELS);

/** How the consignment is supervised, chosen by its trade mode (§5, §6). */
export const SUPERVISION_MODES = [
  'standard',
  'list-based',
  'market-procurement',
  'bonded-repair',
  'going-out-facilitation',
  'overseas-agricultural-facilitation',
] as const;
export type SupervisionMode = (typeof SUPERVISION_MODES)[number];

export const planReasonSchema = z.object({
  code: reasonCodeSchema,
  /** The provision applied, e.g. "国质检通〔2016〕408号 三（一）". */
  rule: z.string().min(1),
  text: localisedTextSchema,
  /** Indexes into `goods` of the lines the decision is about, when it is about some only. */
  goodsLines: z.array(z.number().int().nonnegative()).optional(),
  /** Alert ids, certificate numbers or permit numbers the decision relied on. */
  refs: z.array(z.string()).optional(),
});
export type PlanReason = z.infer<typeof planReasonSchema>;

const inlandInspectionSchema = z.object({
  bureau: bureauCodeSchema,
  level: inspectionLevelSchema,
});
export type InlandInspection = z.infer<typeof inlandInspectionSchema>;

export const inspectionPlanSchema = z.object({
  direction: directionSchema,
  portCode: portCodeSchema,
  portBureau: bureauCodeSchema,
  /** Entry or exit quarantine of the train itself, always by the port bureau. */
  trainQuarantine: z.object({ bureau: bureauCodeSchema, kind: z.enum(['entry', 'exit']) }),
  /** Imports only: radiation, container quarantine, surface treatment. Never removed. */
  portChecks: z.object({ bureau: bureauCodeSchema, checks: z.array(z.enum(PORT_CHECKS)).min(1) }).nullable(),
  /** Opening and inspecting at the port (口岸开箱查验). */
  portInspection: z.boolean(),
  portInspectionBureau: bureauCodeSchema.nullable(),
  /** The categories of this consignment that took it out of direct-through / direct release. */
  exceptedCategories: z.array(goodsCategorySchema),
  destinationInspection: inlandInspectionSchema.nullable(),
  originInspection: inlandInspectionSchema.nullable(),
  /** Who decides release: the destination bureau (import) or whoever issues the clearance. */
  releaseBureau: bureauCodeSchema,
  /** Exports only: direct release by the origin bureau, or exchange and issue at the port. */
  clearanceDocument: z
    .object({ issuingBureau: bureauCodeSchema, route: z.enum(['direct-release', 'port-exchange']) })
    .nullable(),
  supervisionMode: z.enum(SUPERVISION_MODES),
  coordinatedMultimodal: z.boolean(),
  /** §10: a declared multimodal journey, leg by leg, with each bureau's role (multimodal/journey.ts). */
  journey: journeyPlanSchema.optional(),
  permitWriteOffs: z.array(permitReferenceSchema),
  reasons: z.array(planReasonSchema).min(1),
});
export type InspectionPlan = z.infer<typeof inspectionPlanSchema>;
