import { trainTimetableChangeSchema } from '#shared/domain/trains/train-registration.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { changeTrain } from '#shared/lifecycle/trains/train-registration.ts';
import { publicTrain } from '#shared/lifecycle/trains/train-view.ts';
import { scheduledTrain as scheduledTrainResponse } from '#shared/http/responses/trains.ts';
import { trainVersion } from '#shared/http/current-versions.ts';

/** PATCH /trains/{id}: a timetable change moves the schedules; `status: cancelled` deletes them. */
export const route = {
  summary: 'Change the timetable of a train run (its schedules move) or cancel it (they are deleted)',
  roles: ['officer'],
  params: idParamsSchema,
  body: trainTimetableChangeSchema,
  idempotent: true,
  response: scheduledTrainResponse,
  currentVersion: trainVersion,
} as const;

export const handler = apiRoute(route, async ({ params, body, caller }) => {
  const { train, schedules } = await changeTrain(params.id, body, caller);
  return { status: 200, body: { ...publicTrain(train), ...(schedules && { scheduled: schedules }) } };
});
