import { z } from 'zod';
import { permitKindSchema } from './codes.ts';
import { MAX_PERMIT_NUMBER_LENGTH, tooLong } from './limits.ts';
import { bilingual } from './text.ts';
import { positiveQuantitySchema, unitCodeSchema } from './validators/quantity.ts';

/**
 * A permit or approval the filing draws on: an animal/plant quarantine permit (动植物检疫许可证)
 * or a special-item health quarantine approval (特殊物品卫生检疫审批). The quantity is what this
 * consignment writes off (核销) against it.
 */
export const permitReferenceSchema = z.object({
  number: z
    .string({ error: bilingual('许可证号须为字符串', 'permit number must be a string') })
    .trim()
    .min(1, { error: bilingual('许可证号不能为空', 'permit number must not be empty') })
    .max(MAX_PERMIT_NUMBER_LENGTH, { error: tooLong('许可证号', 'permit number', MAX_PERMIT_NUMBER_LENGTH) }),
  kind: permitKindSchema,
  quantity: positiveQuantitySchema,
  unit: unitCodeSchema,
  /** Index into `goods` of the line the permit covers, when it covers one line only. */
  goodsLine: z.number().int().nonnegative().optional(),
});
export type PermitReference = z.infer<typeof permitReferenceSchema>;
