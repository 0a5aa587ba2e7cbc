import { trainRegistrationSchema } from '#shared/domain/trains/train-registration.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { registerTrain } from '#shared/lifecycle/trains/train-registration.ts';
import { publicTrain } from '#shared/lifecycle/trains/train-view.ts';
import { scheduledTrain as scheduledTrainResponse } from '#shared/http/responses/trains.ts';

/**
 * POST /trains: an officer of the port bureau or of the run's inland bureau registers a train
 * run; its pre-arrival notice and border crossing are scheduled (EventBridge Scheduler).
 */
export const route = {
  summary: 'Register a train run and schedule its pre-arrival notice and border crossing',
  roles: ['officer'],
  body: trainRegistrationSchema,
  idempotent: true,
  response: scheduledTrainResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => {
  const { train, schedules } = await registerTrain(body, caller);
  return { status: 201, headers: { location: `/trains/${train.id}` }, body: { ...publicTrain(train), scheduled: schedules } };
});
