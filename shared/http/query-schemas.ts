import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../data/pagination.ts';
import { MAX_PERMIT_NUMBER_LENGTH } from '../domain/limits.ts';

/**
 * `?limit=&nextToken=` of every listing. Strict, and so is every listing's query extended from
 * it: a parameter the listing does not declare (a misspelt filter) is a 400 naming it, never a
 * filter silently ignored.
 */
export const pageQuerySchema = z.strictObject(
  {
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    nextToken: z.string().min(1).max(2048).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `未知的查询参数 / unknown query parameter: ${issue.keys.join(', ')}` : undefined,
  },
);

export const idParamsSchema = z.object({ id: z.string().min(1).max(128) });

/** `/permits/{number}`: registered numbers are upper case, so a lower-case one finds the same permit. */
export const permitNumberParamsSchema = z.object({ number: z.string().trim().toUpperCase().min(1).max(MAX_PERMIT_NUMBER_LENGTH) });
