import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { linkConsignmentToTrain } from '#shared/lifecycle/trains/train-link.ts';
import { consignmentTrainLink as consignmentTrainLinkResponse } from '#shared/http/responses/consignments.ts';
import { consignmentVersion } from '#shared/http/current-versions.ts';

/**
 * PUT /consignments/{id}/train: the consignment rides this train. If the train has already
 * crossed with its port results, they are handed over at once.
 */
export const route = {
  summary: 'Link a consignment to the train it rides',
  roles: ['declarant', 'officer'],
  params: idParamsSchema,
  body: z.object({ trainId: z.string().trim().min(1).max(64) }),
  idempotent: true,
  response: consignmentTrainLinkResponse,
  currentVersion: consignmentVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const { consignment, changed, handOver } = await linkConsignmentToTrain(params.id, body.trainId, caller);
  return {
    status: 200,
    body: { id: consignment.id, trainId: consignment.trainId, status: consignment.status, changed, ...(handOver && { handOver }) },
  };
});
