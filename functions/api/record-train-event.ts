import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { recordTrainEvent, trainEventSchema } from '#shared/lifecycle/trains/train-events.ts';
import { trainEventAnswer as trainEventAnswerResponse } from '#shared/http/responses/trains.ts';

/**
 * POST /trains/{id}/events: what actually happened (arrived-at-border, departed-border,
 * arrived-at-destination). 201 the first time; a repeat is 200 with `duplicate: true` and
 * changes nothing.
 */
export const route = {
  summary: 'Record an actual train event (each is handled once)',
  roles: ['officer'],
  params: idParamsSchema,
  body: trainEventSchema,
  idempotent: true,
  response: trainEventAnswerResponse,
  created: 'when-new',
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const answer = await recordTrainEvent(params.id, body, caller);
  return { status: answer.duplicate ? 200 : 201, body: answer };
});
