import { directoryBureauParamsSchema, directoryUpdateSchema } from '#shared/domain/coordination/directory.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { updateDirectoryEntry } from '#shared/lifecycle/coordination/directory.ts';
import { directoryEntry as directoryEntryResponse } from '#shared/http/responses/coordination.ts';
import { directoryEntryVersion } from '#shared/http/current-versions.ts';

/** PUT /directory/bureaus/{code}: the bureau itself or HQ writes its division and contacts, from the version read (409 if stale). */
export const route = {
  summary: "Write a bureau's responsible division and contacts, from the version read (the bureau itself or HQ); every change is audited",
  roles: ['officer', 'hq'],
  params: directoryBureauParamsSchema,
  body: directoryUpdateSchema,
  idempotent: true,
  response: directoryEntryResponse,
  created: 'when-new',
  currentVersion: directoryEntryVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const { entry, changed } = await updateDirectoryEntry(params.code, body, caller);
  return { status: changed && entry.version === 1 ? 201 : 200, body: entry };
});
