import { tradeMeasureNoteSchema } from '#shared/domain/trade-measures/trade-measure.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { tradeMeasureNote } from '#shared/http/responses/market-access.ts';
import { publishTradeMeasure } from '#shared/lifecycle/trade-measures/trade-measures.ts';

/** POST /trade-measures: a bureau or HQ publishes a note on a partner country's technical trade measure (408号 三（五）、（十）). */
export const route = {
  summary: "Publish a note on a partner country's technical regulation, standard or conformity-assessment procedure; subscribers are notified",
  roles: ['officer', 'hq'],
  body: tradeMeasureNoteSchema,
  idempotent: true,
  response: tradeMeasureNote,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller, idempotencyKey }) => {
  const note = await publishTradeMeasure(body, caller, idempotencyKey);
  return { status: 201, headers: { location: `/trade-measures/${note.id}` }, body: note };
});
