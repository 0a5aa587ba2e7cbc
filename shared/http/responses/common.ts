import { z } from 'zod';

/**
 * Building blocks of the response schemas (the `response` of each route, which the OpenAPI
 * document publishes). Objects are open (`looseObject`): they name what a client may rely on,
 * and an answer may carry more, so a field added to a resource is not a breaking change.
 */
export const instant = z.string().meta({ description: 'An instant, ISO 8601 (UTC unless it says otherwise)' });
export const day = z.string().meta({ description: 'A day, YYYY-MM-DD' });

/** Bilingual text as people read it; with Accept-Language zh or en a listing gives the one string. */
export const localisedText = z.union([
  z.looseObject({ zh: z.string(), en: z.string() }),
  z.string().meta({ description: 'The text in the language Accept-Language asked for' }),
]);

export const version = z.number().int().nonnegative().meta({ description: 'The version of the resource (its ETag); every change moves it on by one' });

/** Who acted: a role, and the bureau, enterprise or token subject as the caller may see them. */
export const actor = z.looseObject({
  role: z.string(),
  bureau: z.string().optional(),
  enterprise: z.string().optional(),
  subject: z.string().optional(),
});

/** One page of a listing: `nextToken` is there when there is more. */
export const page = <Item extends z.ZodType>(item: Item) =>
  z.object({
    items: z.array(item),
    nextToken: z.string().optional().meta({ description: 'Pass as ?nextToken= to read the next page; absent on the last' }),
  });

/** An answer whose shape is the input it echoes or a structure documented elsewhere. */
export const record = z.record(z.string(), z.unknown());
