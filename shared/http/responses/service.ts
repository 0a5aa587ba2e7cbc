import { z } from 'zod';

/** GET /health. */
export const health = z.object({ status: z.literal('ok') });

/** GET /me: the caller as the token names it. */
export { callerIdentitySchema as callerIdentity } from '../../auth/claims.ts';

/** GET /openapi.json: this document. */
export const openApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });

/** GET /docs: the HTML page (Swagger UI), and its script and style sheet. */
export const documentationPage = z.string().meta({ description: 'HTML, JavaScript or CSS' });
