import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../data/pagination.ts';

/** `?limit=&nextToken=` of every listing. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  nextToken: z.string().min(1).max(2048).optional(),
});

export const idParamsSchema = z.object({ id: z.string().min(1).max(128) });
