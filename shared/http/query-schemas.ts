import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../data/pagination.ts';
import { MAX_PERMIT_NUMBER_LENGTH } from '../domain/limits.ts';

/** `?limit=&nextToken=` of every listing. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  nextToken: z.string().min(1).max(2048).optional(),
});

export const idParamsSchema = z.object({ id: z.string().min(1).max(128) });

/** `/permits/{number}`: registered numbers are upper case, so a lower-case one finds the same permit. */
export const permitNumberParamsSchema = z.object({ number: z.string().trim().toUpperCase().min(1).max(MAX_PERMIT_NUMBER_LENGTH) });
