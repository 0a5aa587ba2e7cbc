import { recognisedBodyChangeSchema, recognisedBodyPathSchema } from '#shared/domain/recognition/recognised-body.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { changeBody } from '#shared/lifecycle/recognition/recognition-register.ts';
import { recognisedBody as recognisedBodyResponse } from '#shared/http/responses/registers.ts';
import { recognisedBodyVersion } from '#shared/http/current-versions.ts';

/** PATCH /recognised-bodies/{id}: HQ changes scope, validity, name or accreditation from the version it read (409 if stale). */
export const route = {
  summary: "Change a recognised body's scope, validity, name or accreditation, from the version read (HQ)",
  roles: ['hq'],
  params: recognisedBodyPathSchema,
  body: recognisedBodyChangeSchema,
  idempotent: true,
  response: recognisedBodyResponse,
  currentVersion: recognisedBodyVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => ({ status: 200, body: await changeBody(params.id, body, caller) }));
